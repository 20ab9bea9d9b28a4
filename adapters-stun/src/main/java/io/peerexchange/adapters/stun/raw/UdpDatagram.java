package io.peerexchange.adapters.stun.raw;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/** Builds a UDP header + payload with the checksum over the IPv4 or IPv6 pseudo-header (RFC 768, RFC 8200 §8.1). */
public final class UdpDatagram {
    public static final int HEADER_LENGTH = 8;
    private static final int IPPROTO_UDP = 17;

    private UdpDatagram() {}

    /**
     * The datagram a raw socket sends; the checksum must use the source address the kernel will
     * put in the IP header, which is why the caller binds the raw socket to {@code source}.
     */
    public static byte[] build(
            InetAddress source, int sourcePort, InetAddress destination, int destinationPort, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        checkFamilies(source, destination);
        int length = HEADER_LENGTH + payload.length;
        if (length > 65535) {
            throw new IllegalArgumentException("UDP payload too large: " + payload.length + " bytes");
        }
        byte[] datagram = new byte[length];
        putU16(datagram, 0, sourcePort);
        putU16(datagram, 2, destinationPort);
        putU16(datagram, 4, length);
        System.arraycopy(payload, 0, datagram, HEADER_LENGTH, payload.length);
        int checksum = checksum(source, destination, datagram);
        // 0 means "no checksum" on IPv4 and is forbidden on IPv6: its ones' complement twin is sent instead.
        putU16(datagram, 6, checksum == 0 ? 0xffff : checksum);
        return datagram;
    }

    /** The ones' complement checksum of pseudo-header + datagram; a datagram with a correct checksum yields 0. */
    public static int checksum(InetAddress source, InetAddress destination, byte[] datagram) {
        checkFamilies(source, destination);
        long sum = 0;
        sum += sumWords(source.getAddress());
        sum += sumWords(destination.getAddress());
        if (source instanceof Inet6Address) {
            sum += (datagram.length >>> 16) + (datagram.length & 0xffff);
        } else {
            sum += datagram.length;
        }
        sum += IPPROTO_UDP;
        sum += sumWords(datagram);
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static long sumWords(byte[] bytes) {
        long sum = 0;
        int i = 0;
        for (; i + 1 < bytes.length; i += 2) {
            sum += ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff);
        }
        if (i < bytes.length) {
            sum += (bytes[i] & 0xff) << 8;
        }
        return sum;
    }

    private static void checkFamilies(InetAddress source, InetAddress destination) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if ((source instanceof Inet6Address) != (destination instanceof Inet6Address)) {
            throw new IllegalArgumentException("source and destination must both be IPv4 or both IPv6");
        }
    }

    private static void putU16(byte[] out, int pos, int value) {
        out[pos] = (byte) (value >>> 8);
        out[pos + 1] = (byte) value;
    }
}
