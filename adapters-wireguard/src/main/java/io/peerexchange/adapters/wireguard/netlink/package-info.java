/**
 * The kernel backend: WireGuard's generic netlink family reached from Java through JNA (libc
 * {@code socket}/{@code bind}/{@code sendto}/{@code recv}/{@code poll}). The byte layouts (nlmsghdr,
 * genlmsghdr, nested nlattr lists, raw sockaddr endpoints) live in the pure
 * {@link io.peerexchange.adapters.wireguard.netlink.NetlinkCodec}, tested byte for byte without a kernel.
 */
package io.peerexchange.adapters.wireguard.netlink;
