package io.peerexchange.ports;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/** An IP prefix, {@code 10.0.0.0/8} or {@code fd00::/8}; host bits are cleared. */
public record Cidr(InetAddress network, int prefixLength) {
    public Cidr {
        Objects.requireNonNull(network, "network");
        int max = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not 0-" + max);
        }
        network = masked(network, prefixLength);
    }

    /** Parses {@code address/length}; the address is an IP literal. */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        if (slash < 0 || text.length() > 64) {
            throw new IllegalArgumentException("invalid CIDR " + InputText.quote(text) + ": expected address/length");
        }
        String host = text.substring(0, slash);
        InetAddress address;
        try {
            address = host.indexOf(':') >= 0 ? IpLiteral.parseIpv6(host) : IpLiteral.parseIpv4(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid CIDR " + InputText.quote(text) + ": " + e.getMessage());
        }
        int length;
        try {
            length = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "invalid CIDR " + InputText.quote(text) + ": the length is not a number");
        }
        try {
            return new Cidr(address, length);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid CIDR " + InputText.quote(text) + ": " + e.getMessage());
        }
    }

    public boolean contains(InetAddress address) {
        if ((address instanceof Inet4Address) != (network instanceof Inet4Address)) {
            return false;
        }
        return masked(address, prefixLength).equals(network);
    }

    private static InetAddress masked(InetAddress address, int length) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, length - 8 * i));
            bytes[i] &= (byte) (0xFF << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes", e);
        }
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
