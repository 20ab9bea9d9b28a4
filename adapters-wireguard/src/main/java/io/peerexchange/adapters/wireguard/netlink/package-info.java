/**
 * The kernel backend: WireGuard's generic netlink family reached from Java through JNA (libc
 * {@code socket}/{@code bind}/{@code sendto}/{@code recv}/{@code poll}). The byte layouts live in two
 * pure layers tested byte for byte without a kernel: generic netlink framing in
 * {@link io.peerexchange.adapters.wireguard.netlink.genl}, the WireGuard family on top of it in
 * {@link io.peerexchange.adapters.wireguard.netlink.family}.
 */
package io.peerexchange.adapters.wireguard.netlink;
