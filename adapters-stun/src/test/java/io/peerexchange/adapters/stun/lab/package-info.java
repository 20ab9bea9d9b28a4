/**
 * The busy-port test in the NAT lab in miniature (docs/ARCHITECTURE.md#nat-lab; the lab itself is
 * {@code io.peerexchange.testing.netns.NatLab}): wireguard-go owns the WireGuard port, and
 * discovery runs in a child JVM started inside the peer namespace.
 */
package io.peerexchange.adapters.stun.lab;
