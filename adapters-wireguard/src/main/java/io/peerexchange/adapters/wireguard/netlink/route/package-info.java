/**
 * rtnetlink notifications read just far enough to say which interface changed: the message type and
 * the ifindex of link, address and route messages, on top of the one netlink framing in {@link
 * io.peerexchange.adapters.wireguard.netlink.genl}. Pure: no sockets, threads or clocks; truncated or
 * inconsistent input fails with a {@link io.peerexchange.ports.PeerUpdateException}.
 */
package io.peerexchange.adapters.wireguard.netlink.route;
