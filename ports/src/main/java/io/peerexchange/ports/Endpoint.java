package io.peerexchange.ports;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A UDP endpoint given by IP literal and port: {@code 1.2.3.4:5} or {@code [2001:db8::1]:5}.
 * Host names, port 0, wildcard and multicast addresses are rejected at construction.
 */
public record Endpoint(InetAddress address, int port) {

    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid endpoint port " + port + ": must be 1-65535");
        }
        if (address.isAnyLocalAddress()) {
            throw new IllegalArgumentException("invalid endpoint address " + address.getHostAddress()
                    + ": the wildcard address is not an endpoint");
        }
        if (address.isMulticastAddress()) {
            throw new IllegalArgumentException(
                    "invalid endpoint address " + address.getHostAddress() + ": multicast is not an endpoint");
        }
        // Drop any host name or scope the caller's InetAddress carried: an endpoint is only IP + port.
        address = strip(address);
    }

    /**
     * Parses {@code a.b.c.d:port} or {@code [v6]:port}.
     *
     * @throws IllegalArgumentException with a message naming what is wrong
     */
    public static Endpoint parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("invalid endpoint: empty");
        }
        if (text.length() > 64) {
            throw new IllegalArgumentException("invalid endpoint " + InputText.quote(text) + ": too long");
        }
        HostPortText parts = HostPortText.split(text, "endpoint");
        if (parts == null) {
            throw new IllegalArgumentException("invalid endpoint " + InputText.quote(text)
                    + (text.indexOf(':') < 0
                            ? ": missing :port"
                            : ": IPv6 addresses must be written as [address]:port"));
        }
        String host = parts.host();
        String portText = parts.port();
        int port = parsePort(text, portText);
        InetAddress address;
        try {
            address = parts.bracketed() ? IpLiteral.parseIpv6(host) : IpLiteral.parseIpv4(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid endpoint " + InputText.quote(text) + ": " + e.getMessage()
                    + " (host names are not allowed, only IP literals)");
        }
        try {
            return new Endpoint(address, port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid endpoint " + InputText.quote(text) + ": " + e.getMessage());
        }
    }

    public static Endpoint of(InetSocketAddress socketAddress) {
        if (socketAddress.isUnresolved()) {
            throw new IllegalArgumentException("invalid endpoint: unresolved address " + socketAddress.getHostString());
        }
        return new Endpoint(socketAddress.getAddress(), socketAddress.getPort());
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(address, port);
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** The wire form: {@code 1.2.3.4:5} or {@code [2001:db8::1]:5} (RFC 5952 compressed). */
    @Override
    public String toString() {
        return isIpv6() ? "[" + compress((Inet6Address) address) + "]:" + port : address.getHostAddress() + ":" + port;
    }

    private static int parsePort(String text, String portText) {
        if (portText.isEmpty() || portText.length() > 5) {
            throw new IllegalArgumentException("invalid endpoint " + InputText.quote(text) + ": bad port");
        }
        int port = 0;
        for (int i = 0; i < portText.length(); i++) {
            char c = portText.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("invalid endpoint " + InputText.quote(text) + ": bad port");
            }
            port = port * 10 + (c - '0');
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid endpoint " + InputText.quote(text) + ": port must be 1-65535");
        }
        return port;
    }

    private static InetAddress strip(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 5952: lowercase, longest run of two or more zero groups replaced by "::". */
    static String compress(Inet6Address address) {
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] == 0) {
                int j = i;
                while (j < 8 && groups[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
