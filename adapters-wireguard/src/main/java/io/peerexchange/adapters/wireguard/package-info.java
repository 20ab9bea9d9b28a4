/**
 * The WireGuard adapter of the {@link io.peerexchange.ports.PeerUpdater} port: one entry point,
 * {@link io.peerexchange.adapters.wireguard.WireGuardPeerUpdater}, that reads the device, decides which
 * endpoints really need writing (equal ones are left alone, a roamed path that is still receiving is
 * kept) and writes endpoint-only, update-only changes through the backend chosen per operation: the
 * userspace API of wireguard-go ({@code uapi}) or the kernel's generic netlink family ({@code netlink}).
 * The backends are listed once, in {@link io.peerexchange.adapters.wireguard.WireGuardBackends}.
 */
package io.peerexchange.adapters.wireguard;
