package io.peerexchange.adapters.portmap.codec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The default gateway from the kernel's route tables as {@code /proc/net/route} (IPv4) and
 * {@code /proc/net/ipv6_route} (IPv6) print them: the up, gatewayed default route with the lowest
 * metric.
 */
public final class RouteTable {
    /** More than any host's table; a larger text is refused rather than scanned. */
    public static final int MAX_TEXT = 1 << 20;

    private static final int RTF_UP = 0x1;
    private static final int RTF_GATEWAY = 0x2;

    private RouteTable() {}

    /** The IPv4 default gateway in {@code /proc/net/route} text. */
    public static Optional<DefaultRoute> ipv4(String text) throws PortMapDecodeException {
        checkSize(text);
        DefaultRoute best = null;
        long bestMetric = Long.MAX_VALUE;
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            try {
                long destination = Long.parseLong(f[1], 16);
                long gateway = Long.parseLong(f[2], 16);
                int flags = Integer.parseInt(f[3], 16);
                long metric = Long.parseLong(f[6]);
                long mask = Long.parseLong(f[7], 16);
                if (destination != 0 || mask != 0 || gateway == 0 || (flags & (RTF_UP | RTF_GATEWAY)) != 3) {
                    continue;
                }
                if (metric < bestMetric) {
                    bestMetric = metric;
                    // The kernel prints the address in host (little-endian) byte order.
                    byte[] address = {
                        (byte) gateway, (byte) (gateway >> 8), (byte) (gateway >> 16), (byte) (gateway >> 24)
                    };
                    best = new DefaultRoute(f[0], InetAddress.getByAddress(address));
                }
            } catch (NumberFormatException | UnknownHostException e) {
                throw new PortMapDecodeException("route table line " + (i + 1) + " is malformed");
            }
        }
        return Optional.ofNullable(best);
    }

    /** The IPv6 default gateway in {@code /proc/net/ipv6_route} text. */
    public static Optional<DefaultRoute> ipv6(String text) throws PortMapDecodeException {
        checkSize(text);
        DefaultRoute best = null;
        long bestMetric = Long.MAX_VALUE;
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length < 10) {
                continue;
            }
            try {
                if (!f[0].matches("0{32}") || !f[1].equals("00") || f[4].matches("0{32}") || f[4].length() != 32) {
                    continue;
                }
                long metric = Long.parseLong(f[5], 16);
                int flags = (int) Long.parseLong(f[8], 16);
                if ((flags & (RTF_UP | RTF_GATEWAY)) != 3 || metric >= bestMetric) {
                    continue;
                }
                byte[] address = new byte[16];
                for (int b = 0; b < 16; b++) {
                    address[b] = (byte) Integer.parseInt(f[4].substring(2 * b, 2 * b + 2), 16);
                }
                bestMetric = metric;
                best = new DefaultRoute(f[9], InetAddress.getByAddress(address));
            } catch (NumberFormatException | UnknownHostException e) {
                throw new PortMapDecodeException("IPv6 route table line " + (i + 1) + " is malformed");
            }
        }
        return Optional.ofNullable(best);
    }

    private static void checkSize(String text) throws PortMapDecodeException {
        if (text.length() > MAX_TEXT) {
            throw new PortMapDecodeException("route table of " + text.length() + " characters is too long");
        }
    }
}
