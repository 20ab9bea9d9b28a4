/**
 * The contracts between the peerexchange core and its adapters: value records that validate at
 * construction (so bad input is rejected where it enters) and the port interfaces the core needs
 * from STUN, the control plane and WireGuard. Pure Java: no JSON, no sockets, no libraries.
 */
package io.peerexchange.ports;
