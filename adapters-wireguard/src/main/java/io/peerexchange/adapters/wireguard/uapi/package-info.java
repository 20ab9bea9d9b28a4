/**
 * The userspace backend: wireguard-go's cross-platform userspace API over its Unix stream socket
 * ({@code /var/run/wireguard/<iface>.sock}), one connection per operation, with the pure line codec
 * ({@link io.peerexchange.adapters.wireguard.uapi.codec}) apart from the socket transport. boringtun
 * speaks a dialect of the same protocol that cannot update a peer in place; it is recognised and refused.
 */
package io.peerexchange.adapters.wireguard.uapi;
