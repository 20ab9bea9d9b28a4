package io.peerexchange.adapters.wireguard.netlink;

import io.peerexchange.adapters.wireguard.device.DeviceState;
import io.peerexchange.adapters.wireguard.netlink.family.DeviceDump;
import io.peerexchange.adapters.wireguard.netlink.family.WireGuardFamily;
import io.peerexchange.adapters.wireguard.netlink.genl.Acks;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerUpdateException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * Raw netlink for the in-guest tests, through the backend's own socket and codec: a dump that counts
 * its datagrams and notices NLM_F_DUMP_INTR, and a set whose endpoint is deliberately mis-encoded.
 */
public final class KernelNetlink {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private KernelNetlink() {}

    /** One dump as the kernel sent it. */
    public record Dump(DeviceState state, int datagrams, boolean interrupted) {}

    public static Dump dump(String ifname) throws PeerUpdateException {
        try (NetlinkSocket socket = NetlinkSocket.open(TIMEOUT)) {
            int family = family(socket);
            socket.send(WireGuardFamily.getDeviceRequest(family, 2, ifname));
            DeviceDump dump = new DeviceDump(family, 2, ifname);
            int[] length = new int[1];
            int datagrams = 0;
            boolean done = false;
            while (!done) {
                byte[] datagram = socket.receive(length);
                datagrams++;
                done = dump.accept(datagram, length[0]);
            }
            return new Dump(dump.interrupted() ? null : dump.result(), datagrams, dump.interrupted());
        }
    }

    /**
     * Sends an endpoint-only, update-only set for one peer whose endpoint attribute carries
     * {@code sockaddrLength} bytes: the backend's {@code sockaddr_in} for an IPv4 endpoint, cut short
     * or padded with zeros. The kernel's policy refuses fewer than 16 bytes (ERANGE); past that it
     * takes only 16 or 28 and ignores any other length without an error.
     *
     * @return the kernel's ack: 0, or the positive errno
     */
    public static int setWithEndpointLength(String ifname, EndpointUpdate update, int sockaddrLength)
            throws PeerUpdateException {
        byte[] address = update.endpoint().address().getAddress();
        if (address.length != 4) {
            throw new IllegalArgumentException("only an IPv4 endpoint is re-encoded");
        }
        // sockaddr_in: family in host order, port in network order, the address, 8 bytes of zero.
        ByteBuffer sockaddr = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        sockaddr.putShort((short) 2).order(ByteOrder.BIG_ENDIAN).putShort((short)
                update.endpoint().port());
        sockaddr.put(address);
        byte[] endpoint = java.util.Arrays.copyOf(sockaddr.array(), sockaddrLength);
        try (NetlinkSocket socket = NetlinkSocket.open(TIMEOUT)) {
            int family = family(socket);
            byte[] peer = nested(
                    0,
                    attr(1 /* WGPEER_A_PUBLIC_KEY */, update.publicKey().bytes()),
                    attr(3 /* WGPEER_A_FLAGS */, u32(4 /* WGPEER_F_UPDATE_ONLY */)),
                    attr(4 /* WGPEER_A_ENDPOINT */, endpoint));
            byte[] name = java.util.Arrays.copyOf(
                    ifname.getBytes(java.nio.charset.StandardCharsets.US_ASCII), ifname.length() + 1);
            byte[] body = cat(
                    new byte[] {1 /* WG_CMD_SET_DEVICE */, 1 /* version */, 0, 0},
                    attr(2 /* WGDEVICE_A_IFNAME */, name),
                    nested(8 /* WGDEVICE_A_PEERS */, peer));
            ByteBuffer m = ByteBuffer.allocate(16 + body.length).order(ByteOrder.nativeOrder());
            m.putInt(16 + body.length)
                    .putShort((short) family)
                    .putShort((short) (0x1 | 0x4))
                    .putInt(3)
                    .putInt(0);
            m.put(body);
            socket.send(m.array());
            int[] len = new int[1];
            while (true) {
                byte[] datagram = socket.receive(len);
                int errno = Acks.parse(datagram, len[0], 3);
                if (errno >= 0) {
                    return errno;
                }
            }
        }
    }

    private static byte[] attr(int type, byte[] value) {
        int len = 4 + value.length;
        ByteBuffer b = ByteBuffer.allocate((len + 3) & ~3).order(ByteOrder.nativeOrder());
        b.putShort((short) len).putShort((short) type).put(value);
        return b.array();
    }

    private static byte[] nested(int type, byte[]... children) {
        return attr(type | 0x8000, cat(children));
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    private static byte[] cat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static int family(NetlinkSocket socket) throws PeerUpdateException {
        socket.send(WireGuardFamily.familyRequest(1));
        int[] length = new int[1];
        byte[] datagram = socket.receive(length);
        return WireGuardFamily.parseFamilyReply(datagram, length[0], 1);
    }
}
