/**
 * The STUN adapter: learns the public NAT mapping of the WireGuard listen port. A free port is
 * bound directly ({@link io.peerexchange.adapters.stun.UdpStunClient}); a port WireGuard holds is
 * shared through Linux raw sockets ({@link io.peerexchange.adapters.stun.RawSocketStunClient});
 * {@link io.peerexchange.adapters.stun.AutoStunClient} picks between them and reports which one
 * answered, so a mapping learned from any other port is never mistaken for WireGuard's.
 */
package io.peerexchange.adapters.stun;
