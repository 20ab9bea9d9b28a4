package io.peerexchange.ports;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/** IPv4 or IPv6: which of a STUN server's addresses a binding goes to, and so which mapping it learns. */
public enum AddressFamily {
    IPV4("IPv4"),
    IPV6("IPv6");

    private final String label;

    AddressFamily(String label) {
        this.label = label;
    }

    public static AddressFamily of(InetAddress address) {
        Objects.requireNonNull(address, "address");
        return address instanceof Inet6Address ? IPV6 : IPV4;
    }

    /** The family of a host given as an IP literal; empty for a name, which may resolve to either. */
    public static Optional<AddressFamily> ofLiteral(String host) {
        Objects.requireNonNull(host, "host");
        if (host.indexOf(':') >= 0) {
            return Optional.of(IPV6);
        }
        try {
            return Optional.of(of(IpLiteral.parseIpv4(host)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean matches(InetAddress address) {
        return this == IPV6 ? address instanceof Inet6Address : address instanceof Inet4Address;
    }

    public AddressFamily other() {
        return this == IPV4 ? IPV6 : IPV4;
    }

    @Override
    public String toString() {
        return label;
    }
}
