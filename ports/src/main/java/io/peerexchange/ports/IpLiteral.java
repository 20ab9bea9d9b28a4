package io.peerexchange.ports;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses IP address literals without ever asking a resolver: host names are rejected, not looked
 * up. {@link InetAddress#getByName} would silently resolve them and turn {@code ::ffff:a.b.c.d}
 * into an IPv4 address; neither is acceptable for a peer endpoint.
 */
final class IpLiteral {
    private IpLiteral() {}

    /** Dotted-quad IPv4: exactly four decimal octets, no leading zeros (no octal ambiguity). */
    static InetAddress parseIpv4(String s) {
        byte[] bytes = new byte[4];
        int part = 0;
        int i = 0;
        int len = s.length();
        if (len < 7 || len > 15) {
            throw new IllegalArgumentException("not an IPv4 address literal");
        }
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < len && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    throw new IllegalArgumentException("not an IPv4 address literal");
                }
            }
            if (i == start || value > 255 || (i - start > 1 && s.charAt(start) == '0')) {
                throw new IllegalArgumentException("not an IPv4 address literal");
            }
            bytes[part++] = (byte) value;
            if (part < 4) {
                if (i >= len || s.charAt(i) != '.') {
                    throw new IllegalArgumentException("not an IPv4 address literal");
                }
                i++;
            }
        }
        if (i != len) {
            throw new IllegalArgumentException("not an IPv4 address literal");
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** IPv6 text without brackets; zone ids and IPv4-mapped forms are refused. */
    static InetAddress parseIpv6(String s) {
        if (s.isEmpty() || s.length() > 45 || s.indexOf(':') < 0) {
            throw new IllegalArgumentException("not an IPv6 address literal");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok =
                    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                throw new IllegalArgumentException(
                        c == '%' ? "IPv6 zone ids are not allowed" : "not an IPv6 address literal");
            }
        }
        InetAddress address;
        try {
            // Only hex digits, colons and dots reach here, so this parses a literal and never resolves.
            address = InetAddress.getByName("[" + s + "]");
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address literal");
        }
        if (address instanceof Inet4Address) {
            throw new IllegalArgumentException("IPv4-mapped IPv6 address; write it as plain IPv4");
        }
        return address;
    }
}
