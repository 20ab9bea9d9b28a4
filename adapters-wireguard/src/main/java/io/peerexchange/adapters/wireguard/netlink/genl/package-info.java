/**
 * Generic netlink framing in the manner of mdlayher/netlink and mdlayher/genetlink, with no knowledge
 * of any family: nlmsghdr and genlmsghdr messages in host order, attribute TLVs with their 4-byte
 * alignment and nesting, acks and error replies, multi-part dumps (including {@code NLM_F_DUMP_INTR})
 * and the controller's family lookup. Pure: no sockets, threads or clocks; every decoder rejects
 * truncated or inconsistent input with a {@link io.peerexchange.ports.PeerUpdateException}.
 */
package io.peerexchange.adapters.wireguard.netlink.genl;
