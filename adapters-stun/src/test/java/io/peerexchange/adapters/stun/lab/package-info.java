/**
 * The NAT lab of docs/ARCHITECTURE.md#nat-lab in miniature, for the busy-port test: network namespaces with a STUN
 * server on the "internet", a port-translating router, and a peer where wireguard-go owns the
 * WireGuard port. Discovery runs in a child JVM started inside the peer namespace.
 */
package io.peerexchange.adapters.stun.lab;
