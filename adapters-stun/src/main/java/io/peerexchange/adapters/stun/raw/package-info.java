/**
 * Linux raw UDP sockets through JNA, used to send and receive STUN from a UDP port that another
 * process (WireGuard) has bound: the UDP header is built here with that port as source, and the
 * kernel's copies of incoming datagrams are filtered by a classic BPF program before they reach
 * user space. The pure parts (UDP header and checksum, the BPF program) have no native code.
 */
package io.peerexchange.adapters.stun.raw;
