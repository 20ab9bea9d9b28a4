package io.peerexchange.adapters.wireguard.netlink.family;

import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.GENL_HDRLEN;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.NLA_HDRLEN;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.NLMSG_HDRLEN;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.NLM_F_ACK;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.NLM_F_DUMP;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.NLM_F_REQUEST;
import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.align;

import io.peerexchange.adapters.wireguard.netlink.genl.FamilyLookup;
import io.peerexchange.adapters.wireguard.netlink.genl.MessageWriter;
import io.peerexchange.adapters.wireguard.netlink.genl.NetlinkError;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerUpdateException;
import java.util.ArrayList;
import java.util.List;

/** The requests of the WireGuard family (linux/wireguard.h) and the lookup of its id. */
public final class WireGuardFamily {
    static final String NAME = "wireguard";

    static final int WG_CMD_GET_DEVICE = 0;
    static final int WG_CMD_SET_DEVICE = 1;
    static final int WG_GENL_VERSION = 1;

    static final int WGDEVICE_A_IFNAME = 2;
    static final int WGDEVICE_A_FWMARK = 7;
    static final int WGDEVICE_A_PEERS = 8;

    static final int WGPEER_A_PUBLIC_KEY = 1;
    static final int WGPEER_A_FLAGS = 3;
    static final int WGPEER_A_ENDPOINT = 4;
    static final int WGPEER_A_LAST_HANDSHAKE_TIME = 6;
    static final int WGPEER_A_RX_BYTES = 7;
    static final int WGPEER_A_ALLOWEDIPS = 9;
    static final int WGPEER_F_UPDATE_ONLY = 4;

    static final int WGALLOWEDIP_A_FAMILY = 1;
    static final int WGALLOWEDIP_A_IPADDR = 2;
    static final int WGALLOWEDIP_A_CIDR_MASK = 3;

    /** What wg(8) sends at most per message on 4 KiB pages is 4 KiB; the kernel takes more, a few KiB is polite. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 8192;

    private static final int PEER_WITH_V6_ENDPOINT_BYTES =
            NLA_HDRLEN + NLA_HDRLEN + 32 + NLA_HDRLEN + 4 + NLA_HDRLEN + Sockaddr.SOCKADDR_IN6_LEN;

    private WireGuardFamily() {}

    /** CTRL_CMD_GETFAMILY for "wireguard". */
    public static byte[] familyRequest(int seq) {
        return FamilyLookup.request(seq, NAME);
    }

    /**
     * The family id from the controller's answer to {@link #familyRequest}.
     *
     * @throws NetlinkError with ENOENT when the kernel has no such family (module absent)
     */
    public static int parseFamilyReply(byte[] datagram, int length, int seq) throws PeerUpdateException {
        return FamilyLookup.parseReply(
                datagram, length, seq, errno -> NetlinkErrors.explain(errno, NetlinkErrors.Stage.FAMILY, null));
    }

    /** WG_CMD_GET_DEVICE as a dump, naming the interface. */
    public static byte[] getDeviceRequest(int familyId, int seq, String ifname) {
        MessageWriter w = new MessageWriter(64);
        int msg = w.startMessage(
                familyId, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP, seq, WG_CMD_GET_DEVICE, WG_GENL_VERSION);
        w.stringAttr(WGDEVICE_A_IFNAME, ifname);
        return w.endMessage(msg);
    }

    /**
     * WG_CMD_SET_DEVICE messages that set each peer's endpoint with WGPEER_F_UPDATE_ONLY and nothing
     * else, split so that no message exceeds {@code maxMessageBytes}; message i has sequence
     * {@code firstSeq + i} and asks for an ack.
     */
    public static List<byte[]> setEndpointRequests(
            int familyId, int firstSeq, String ifname, List<EndpointUpdate> writes, int maxMessageBytes) {
        int overhead = NLMSG_HDRLEN + GENL_HDRLEN + align(NLA_HDRLEN + ifname.length() + 1) + NLA_HDRLEN;
        if (maxMessageBytes < overhead + PEER_WITH_V6_ENDPOINT_BYTES) {
            throw new IllegalArgumentException("maxMessageBytes " + maxMessageBytes + " cannot hold one peer");
        }
        List<byte[]> messages = new ArrayList<>();
        int i = 0;
        while (i < writes.size()) {
            MessageWriter w = new MessageWriter(maxMessageBytes);
            int msg = w.startMessage(
                    familyId,
                    NLM_F_REQUEST | NLM_F_ACK,
                    firstSeq + messages.size(),
                    WG_CMD_SET_DEVICE,
                    WG_GENL_VERSION);
            w.stringAttr(WGDEVICE_A_IFNAME, ifname);
            int peers = w.startNested(WGDEVICE_A_PEERS);
            int index = 0;
            while (i < writes.size() && w.position() + PEER_WITH_V6_ENDPOINT_BYTES <= maxMessageBytes) {
                EndpointUpdate write = writes.get(i++);
                int peer = w.startNested(index++);
                w.attr(WGPEER_A_PUBLIC_KEY, write.publicKey().bytes());
                w.u32Attr(WGPEER_A_FLAGS, WGPEER_F_UPDATE_ONLY);
                w.attr(WGPEER_A_ENDPOINT, Sockaddr.of(write.endpoint()));
                w.endNested(peer);
            }
            w.endNested(peers);
            messages.add(w.endMessage(msg));
        }
        return messages;
    }
}
