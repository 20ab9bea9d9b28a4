package io.peerexchange.adapters.wireguard.netlink.family;

import static io.peerexchange.adapters.wireguard.netlink.genl.Netlink.malformed;

import io.peerexchange.adapters.wireguard.device.PeerState;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.PeerUpdateException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A raw {@code sockaddr_in} (16 bytes) or {@code sockaddr_in6} (28 bytes) as WGPEER_A_ENDPOINT carries
 * it: the family in host order, port and address in network order.
 */
final class Sockaddr {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCKADDR_IN_LEN = 16;
    static final int SOCKADDR_IN6_LEN = 28;

    private Sockaddr() {}

    static byte[] of(Endpoint endpoint) {
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

    /** The endpoint in {@link PeerState}'s canonical text. */
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
}
