package io.peerexchange.adapters.wireguard.netlink;

import io.peerexchange.adapters.wireguard.device.DeviceState;
import io.peerexchange.adapters.wireguard.device.PeerState;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.WireGuardKey;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generic netlink messages of the WireGuard family, encoded and decoded by hand. Integers are in host
 * order (netlink is host-endian), ports and addresses inside a sockaddr in network order. Pure: no
 * sockets; every decoder rejects truncated or inconsistent input with a {@link PeerUpdateException}.
 */
public final class NetlinkCodec {
    static final int NLMSG_HDRLEN = 16;
    static final int GENL_HDRLEN = 4;
    static final int NLA_HDRLEN = 4;

    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_MULTI = 0x2;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP_INTR = 0x10;
    static final int NLM_F_DUMP = 0x300;

    static final int NLMSG_NOOP = 1;
    /** Linux errno values are below 4096 (MAX_ERRNO in include/linux/err.h). */
    static final int MAX_ERRNO = 4095;

    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;

    static final int GENL_ID_CTRL = 0x10;
    static final int CTRL_CMD_GETFAMILY = 3;
    static final int CTRL_ATTR_FAMILY_ID = 1;
    static final int CTRL_ATTR_FAMILY_NAME = 2;

    static final int NLA_F_NESTED = 0x8000;
    static final int NLA_TYPE_MASK = 0x3fff;

    static final int WG_CMD_GET_DEVICE = 0;
    static final int WG_CMD_SET_DEVICE = 1;
    static final int WG_GENL_VERSION = 1;

    static final int WGDEVICE_A_IFNAME = 2;
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

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCKADDR_IN_LEN = 16;
    static final int SOCKADDR_IN6_LEN = 28;

    /** What wg(8) sends at most per message on 4 KiB pages is 4 KiB; the kernel takes more, a few KiB is polite. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 8192;

    static final String FAMILY_NAME = "wireguard";

    private static final int PEER_WITH_V6_ENDPOINT_BYTES =
            NLA_HDRLEN + NLA_HDRLEN + 32 + NLA_HDRLEN + 4 + NLA_HDRLEN + SOCKADDR_IN6_LEN;

    private NetlinkCodec() {}

    // ----- requests -----

    /** CTRL_CMD_GETFAMILY for "wireguard" on the generic netlink controller. */
    public static byte[] familyRequest(int seq) {
        Writer w = new Writer(64);
        int msg = w.startMessage(GENL_ID_CTRL, NLM_F_REQUEST, seq, CTRL_CMD_GETFAMILY, 1);
        w.stringAttr(CTRL_ATTR_FAMILY_NAME, FAMILY_NAME);
        return w.endMessage(msg);
    }

    /** WG_CMD_GET_DEVICE as a dump, naming the interface. */
    public static byte[] getDeviceRequest(int familyId, int seq, String ifname) {
        Writer w = new Writer(64);
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
            Writer w = new Writer(maxMessageBytes);
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
                w.attr(WGPEER_A_ENDPOINT, sockaddr(write.endpoint()));
                w.endNested(peer);
            }
            w.endNested(peers);
            messages.add(w.endMessage(msg));
        }
        return messages;
    }

    /** A raw {@code sockaddr_in} (16 bytes) or {@code sockaddr_in6} (28 bytes): family host order, port network order. */
    static byte[] sockaddr(Endpoint endpoint) {
        byte[] address = endpoint.address().getAddress();
        ByteBuffer b = ByteBuffer.allocate(address.length == 4 ? SOCKADDR_IN_LEN : SOCKADDR_IN6_LEN)
                .order(ByteOrder.nativeOrder());
        b.putShort((short) (address.length == 4 ? AF_INET : AF_INET6));
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) endpoint.port()).order(ByteOrder.nativeOrder());
        if (address.length == 4) {
            b.put(address);
        } else {
            b.putInt(0); // flowinfo
            b.put(address);
            b.putInt(0); // scope id
        }
        return b.array();
    }

    // ----- answers -----

    /** One reply message, as found in a received datagram. */
    record Message(int type, int flags, int seq, ByteBuffer payload) {}

    /** Splits a datagram into its netlink messages. */
    static List<Message> messages(byte[] datagram, int length) throws PeerUpdateException {
        ByteBuffer b = ByteBuffer.wrap(datagram, 0, length).order(ByteOrder.nativeOrder());
        List<Message> out = new ArrayList<>();
        while (b.remaining() >= NLMSG_HDRLEN) {
            int start = b.position();
            int len = b.getInt();
            int type = b.getShort() & 0xffff;
            int flags = b.getShort() & 0xffff;
            int seq = b.getInt();
            b.getInt(); // port id
            if (len < NLMSG_HDRLEN || len > length - start) {
                throw malformed("message length " + len + " does not fit the datagram");
            }
            ByteBuffer payload = ByteBuffer.wrap(datagram, start + NLMSG_HDRLEN, len - NLMSG_HDRLEN)
                    .slice()
                    .order(ByteOrder.nativeOrder());
            out.add(new Message(type, flags, seq, payload));
            b.position(Math.min(length, start + align(len)));
        }
        if (b.hasRemaining()) {
            throw malformed(b.remaining() + " trailing bytes after the last message");
        }
        return out;
    }

    /** The (negative or zero) error of an NLMSG_ERROR or NLMSG_DONE payload. */
    static int errorCode(Message message) throws PeerUpdateException {
        if (message.payload().remaining() < 4) {
            throw malformed("error message without an error code");
        }
        int error = message.payload().getInt(0);
        // The kernel sends 0 or a negative errno; anything else would read as "no ack" once negated.
        if (error > 0 || error < -MAX_ERRNO) {
            throw malformed("error code " + error + " is not 0 or a negative errno");
        }
        return error;
    }

    /**
     * The family id from the controller's answer to {@link #familyRequest}.
     *
     * @throws NetlinkError with ENOENT when the kernel has no such family (module absent)
     */
    public static int parseFamilyReply(byte[] datagram, int length, int seq) throws PeerUpdateException {
        for (Message m : messages(datagram, length)) {
            if (m.seq() != seq) {
                continue;
            }
            if (m.type() == NLMSG_ERROR) {
                int error = errorCode(m);
                if (error != 0) {
                    throw new NetlinkError(-error, NetlinkErrors.explain(-error, NetlinkErrors.Stage.FAMILY, null));
                }
                continue;
            }
            if (m.type() != GENL_ID_CTRL) {
                continue;
            }
            ByteBuffer attrs = genlAttributes(m);
            while (attrs.hasRemaining()) {
                Attr a = nextAttr(attrs);
                if (a.type() == CTRL_ATTR_FAMILY_ID) {
                    if (a.value().remaining() < 2) {
                        throw malformed("family id attribute shorter than 2 bytes");
                    }
                    return a.value().getShort(0) & 0xffff;
                }
            }
            throw malformed("the controller's answer carries no family id");
        }
        throw malformed("no answer to the family lookup");
    }

    /**
     * The ack of one request: 0 when it succeeded, else the positive errno, or -1 when the datagram
     * holds no ack for {@code seq}.
     */
    public static int parseAck(byte[] datagram, int length, int seq) throws PeerUpdateException {
        for (Message m : messages(datagram, length)) {
            if (m.seq() == seq && m.type() == NLMSG_ERROR) {
                return -errorCode(m);
            }
        }
        return -1;
    }

    /**
     * Collects the parts of one WG_CMD_GET_DEVICE dump: a peer may be split across messages (its allowed
     * IPs continue in the next message under the same public key) and the peer list across datagrams.
     */
    public static final class DeviceDump {
        private final int familyId;
        private final int seq;
        private final Map<WireGuardKey, PeerParts> peers = new LinkedHashMap<>();
        private boolean done;
        private boolean interrupted;

        public DeviceDump(int familyId, int seq) {
            this.familyId = familyId;
            this.seq = seq;
        }

        /**
         * Adds one received datagram.
         *
         * @return true once the dump is complete (NLMSG_DONE seen)
         * @throws NetlinkError when the kernel answered with an error
         */
        public boolean accept(byte[] datagram, int length, String ifname) throws PeerUpdateException {
            for (Message m : messages(datagram, length)) {
                if (m.seq() != seq || done) {
                    continue;
                }
                if ((m.flags() & NLM_F_DUMP_INTR) != 0) {
                    interrupted = true;
                }
                if (m.type() == NLMSG_DONE) {
                    int error = m.payload().remaining() >= 4 ? m.payload().getInt(0) : 0;
                    if (error < 0) {
                        throw new NetlinkError(-error, NetlinkErrors.explain(-error, NetlinkErrors.Stage.READ, ifname));
                    }
                    done = true;
                } else if (m.type() == NLMSG_ERROR) {
                    int error = errorCode(m);
                    if (error != 0) {
                        throw new NetlinkError(-error, NetlinkErrors.explain(-error, NetlinkErrors.Stage.READ, ifname));
                    }
                } else if (m.type() == familyId) {
                    device(genlAttributes(m));
                } else if (m.type() != NLMSG_NOOP) {
                    throw malformed("unexpected message type " + m.type() + " in a WireGuard dump");
                }
            }
            return done;
        }

        /** Whether the device changed during the dump (NLM_F_DUMP_INTR): the parts may not fit together. */
        public boolean interrupted() {
            return interrupted;
        }

        public DeviceState result() throws PeerUpdateException {
            if (!done) {
                throw malformed("the dump is not complete");
            }
            List<PeerState> out = new ArrayList<>(peers.size());
            for (Map.Entry<WireGuardKey, PeerParts> e : peers.entrySet()) {
                PeerParts p = e.getValue();
                out.add(new PeerState(e.getKey(), p.endpoint, p.rxBytes, p.lastHandshake, p.allowedIps));
            }
            return new DeviceState(out);
        }

        private void device(ByteBuffer attrs) throws PeerUpdateException {
            while (attrs.hasRemaining()) {
                Attr a = nextAttr(attrs);
                if (a.type() != WGDEVICE_A_PEERS) {
                    continue; // ifindex, name, keys, port, fwmark: not needed, the private key not even read
                }
                ByteBuffer list = a.value();
                while (list.hasRemaining()) {
                    peer(nextAttr(list).value());
                }
            }
        }

        private void peer(ByteBuffer attrs) throws PeerUpdateException {
            List<Attr> all = new ArrayList<>();
            WireGuardKey key = null;
            while (attrs.hasRemaining()) {
                Attr a = nextAttr(attrs);
                if (a.type() == WGPEER_A_PUBLIC_KEY) {
                    key = WireGuardKey.of(exactly(a, 32, "peer public key"));
                } else {
                    all.add(a);
                }
            }
            if (key == null) {
                throw malformed("peer without a public key");
            }
            PeerParts parts = peers.computeIfAbsent(key, k -> new PeerParts());
            for (Attr a : all) {
                switch (a.type()) {
                    case WGPEER_A_ENDPOINT:
                        parts.endpoint = endpoint(a.value());
                        break;
                    case WGPEER_A_RX_BYTES:
                        parts.rxBytes = Math.max(0, u64(a, "rx bytes"));
                        break;
                    case WGPEER_A_LAST_HANDSHAKE_TIME:
                        if (a.value().remaining() < 8) {
                            throw malformed("last handshake time shorter than 8 bytes");
                        }
                        parts.lastHandshake = Math.max(0, a.value().getLong(0));
                        break;
                    case WGPEER_A_ALLOWEDIPS:
                        ByteBuffer list = a.value();
                        while (list.hasRemaining()) {
                            parts.allowedIps.add(allowedIp(nextAttr(list).value()));
                        }
                        break;
                    default:
                        break; // preshared key (secret: not read), flags, keepalive, tx, version
                }
            }
        }
    }

    private static final class PeerParts {
        private String endpoint;
        private long rxBytes;
        private long lastHandshake;
        private final List<String> allowedIps = new ArrayList<>();
    }

    static String endpoint(ByteBuffer sockaddr) throws PeerUpdateException {
        if (sockaddr.remaining() < 2) {
            throw malformed("endpoint shorter than a sockaddr family");
        }
        int family = sockaddr.getShort(0) & 0xffff;
        byte[] address;
        if (family == AF_INET && sockaddr.remaining() >= SOCKADDR_IN_LEN) {
            address = new byte[4];
            sockaddr.get(4, address);
        } else if (family == AF_INET6 && sockaddr.remaining() >= SOCKADDR_IN6_LEN) {
            address = new byte[16];
            sockaddr.get(8, address);
        } else {
            throw malformed("endpoint of family " + family + " and " + sockaddr.remaining() + " bytes");
        }
        int port = ((sockaddr.get(2) & 0xff) << 8) | (sockaddr.get(3) & 0xff);
        try {
            InetAddress ip = InetAddress.getByAddress(address);
            String text = ip instanceof Inet6Address
                    ? "[" + ip.getHostAddress() + "]:" + port
                    : ip.getHostAddress() + ":" + port;
            return PeerState.canonicalEndpoint(text);
        } catch (UnknownHostException e) {
            throw malformed("endpoint address of " + address.length + " bytes");
        }
    }

    private static String allowedIp(ByteBuffer attrs) throws PeerUpdateException {
        int family = -1;
        byte[] address = null;
        int cidr = -1;
        while (attrs.hasRemaining()) {
            Attr a = nextAttr(attrs);
            if (a.type() == WGALLOWEDIP_A_FAMILY && a.value().remaining() >= 2) {
                family = a.value().getShort(0) & 0xffff;
            } else if (a.type() == WGALLOWEDIP_A_IPADDR) {
                address = new byte[a.value().remaining()];
                a.value().get(0, address);
            } else if (a.type() == WGALLOWEDIP_A_CIDR_MASK && a.value().remaining() >= 1) {
                cidr = a.value().get(0) & 0xff;
            }
        }
        if (address == null
                || cidr < 0
                || (address.length != 4 && address.length != 16)
                || (family == AF_INET) != (address.length == 4)) {
            throw malformed("allowed IP without a consistent family, address and mask");
        }
        try {
            return InetAddress.getByAddress(address).getHostAddress() + "/" + cidr;
        } catch (UnknownHostException e) {
            throw malformed("allowed IP address of " + address.length + " bytes");
        }
    }

    // ----- attributes -----

    record Attr(int type, boolean nested, ByteBuffer value) {}

    private static ByteBuffer genlAttributes(Message m) throws PeerUpdateException {
        ByteBuffer p = m.payload();
        if (p.remaining() < GENL_HDRLEN) {
            throw malformed("generic netlink message without a genl header");
        }
        return p.position(GENL_HDRLEN).slice().order(ByteOrder.nativeOrder());
    }

    /** Reads the attribute at the buffer's position and moves past it and its padding. */
    static Attr nextAttr(ByteBuffer b) throws PeerUpdateException {
        if (b.remaining() < NLA_HDRLEN) {
            throw malformed(b.remaining() + " bytes where an attribute header was expected");
        }
        int start = b.position();
        int len = b.getShort() & 0xffff;
        int rawType = b.getShort() & 0xffff;
        if (len < NLA_HDRLEN || len > b.limit() - start) {
            throw malformed("attribute length " + len + " does not fit its container");
        }
        ByteBuffer value = b.slice(start + NLA_HDRLEN, len - NLA_HDRLEN).order(ByteOrder.nativeOrder());
        b.position(Math.min(b.limit(), start + align(len)));
        return new Attr(rawType & NLA_TYPE_MASK, (rawType & NLA_F_NESTED) != 0, value);
    }

    private static byte[] exactly(Attr a, int length, String what) throws PeerUpdateException {
        if (a.value().remaining() != length) {
            throw malformed(what + " of " + a.value().remaining() + " bytes, expected " + length);
        }
        byte[] out = new byte[length];
        a.value().get(0, out);
        return out;
    }

    private static long u64(Attr a, String what) throws PeerUpdateException {
        if (a.value().remaining() < 8) {
            throw malformed(what + " shorter than 8 bytes");
        }
        return a.value().getLong(0);
    }

    static int align(int n) {
        return (n + 3) & ~3;
    }

    private static PeerUpdateException malformed(String what) {
        return new PeerUpdateException("malformed netlink answer: " + what);
    }

    /** Builds messages in place; lengths are patched when a message or nest ends. */
    private static final class Writer {
        private final ByteBuffer b;

        Writer(int capacity) {
            b = ByteBuffer.allocate(capacity + 64).order(ByteOrder.nativeOrder());
        }

        int position() {
            return b.position();
        }

        int startMessage(int type, int flags, int seq, int cmd, int version) {
            int start = b.position();
            b.putInt(0)
                    .putShort((short) type)
                    .putShort((short) flags)
                    .putInt(seq)
                    .putInt(0);
            b.put((byte) cmd).put((byte) version).putShort((short) 0);
            return start;
        }

        byte[] endMessage(int start) {
            b.putInt(start, b.position() - start);
            byte[] out = new byte[b.position() - start];
            b.get(start, out);
            return out;
        }

        void attr(int type, byte[] value) {
            b.putShort((short) (NLA_HDRLEN + value.length))
                    .putShort((short) type)
                    .put(value);
            pad();
        }

        void u32Attr(int type, int value) {
            b.putShort((short) (NLA_HDRLEN + 4)).putShort((short) type).putInt(value);
        }

        void stringAttr(int type, String value) {
            byte[] text = value.getBytes(StandardCharsets.US_ASCII);
            byte[] z = new byte[text.length + 1];
            System.arraycopy(text, 0, z, 0, text.length);
            attr(type, z);
        }

        int startNested(int type) {
            int start = b.position();
            b.putShort((short) 0).putShort((short) (type | NLA_F_NESTED));
            return start;
        }

        void endNested(int start) {
            b.putShort(start, (short) (b.position() - start));
        }

        private void pad() {
            while ((b.position() & 3) != 0) {
                b.put((byte) 0);
            }
        }
    }
}
