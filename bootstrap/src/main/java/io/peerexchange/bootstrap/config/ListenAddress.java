package io.peerexchange.bootstrap.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a local listener binds: an IP literal (the wildcard {@code 0.0.0.0} or {@code [::]} included)
 * and a port, {@code 127.0.0.1:9586} or {@code [::1]:9586}. Never a name: binding must not wait for DNS.
 */
public record ListenAddress(InetAddress address, int port) {
    private static final Pattern FORM = Pattern.compile("^(?:\\[([0-9A-Fa-f:.]+)]|([0-9.]+)):([0-9]{1,5})$");

    public ListenAddress {
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 1-65535");
        }
    }

    /** @throws IllegalArgumentException when {@code text} is not {@code IPv4:PORT} or {@code [IPv6]:PORT} */
    public static ListenAddress parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not IP:PORT (like 127.0.0.1:9586 or [::1]:9586)");
        }
        String host = m.group(1) != null ? m.group(1) : m.group(2);
        if (m.group(2) != null && !host.matches("([0-9]{1,3}\\.){3}[0-9]{1,3}")) {
            throw new IllegalArgumentException("\"" + host + "\" is not an IPv4 address");
        }
        try {
            return new ListenAddress(InetAddress.getByName(host), Integer.parseInt(m.group(3)));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + host + "\" is not an IP address");
        }
    }

    public boolean isLoopback() {
        return address.isLoopbackAddress();
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    @Override
    public String toString() {
        String host = address.getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
