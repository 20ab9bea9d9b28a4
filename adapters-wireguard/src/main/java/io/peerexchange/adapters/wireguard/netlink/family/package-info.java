/**
 * The WireGuard generic netlink family on top of {@link io.peerexchange.adapters.wireguard.netlink.genl}:
 * WG_CMD_GET_DEVICE as a dump whose peers may be split across messages, WG_CMD_SET_DEVICE with
 * endpoint-only, update-only peers split into messages of a few KiB, raw sockaddr endpoints, and what
 * the kernel's errno values mean for an operator. Pure: no sockets, threads or clocks.
 */
package io.peerexchange.adapters.wireguard.netlink.family;
