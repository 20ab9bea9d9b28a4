package io.peerexchange.ports;

import java.util.Objects;
import java.util.Optional;

/**
 * A STUN server as configured: {@code host:port}, {@code a.b.c.d:port} or {@code [v6]:port}.
 * Unlike an {@link Endpoint} the host may be a name; the STUN adapter resolves it.
 */
public record StunServer(String host, int port) {

    public StunServer {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || host.length() > 253) {
            throw new IllegalArgumentException("invalid STUN server host " + InputText.quote(host));
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= '0' && c <= '9')
                    || (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || c == '.'
                    || c == '-'
                    || c == ':'
                    || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("invalid STUN server host " + InputText.quote(host));
            }
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid STUN server port " + port + ": must be 1-65535");
        }
    }

    /** Parses {@code host:port} or {@code [v6]:port}. */
    public static StunServer parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("invalid STUN server: empty");
        }
        HostPortText parts = HostPortText.split(text, "STUN server");
        if (parts == null || (!parts.bracketed() && parts.host().isEmpty())) {
            throw new IllegalArgumentException(
                    "invalid STUN server " + InputText.quote(text) + ": expected host:port or [IPv6]:port");
        }
        String host = parts.host();
        String portText = parts.port();
        if (parts.bracketed()) {
            try {
                IpLiteral.parseIpv6(host);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "invalid STUN server " + InputText.quote(text) + ": " + e.getMessage());
            }
        }
        int port;
        try {
            if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(Character::isDigit)) {
                throw new NumberFormatException();
            }
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid STUN server " + InputText.quote(text) + ": bad port");
        }
        try {
            return new StunServer(host, port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid STUN server " + InputText.quote(text) + ": " + e.getMessage());
        }
    }

    /** The family of the host when it is an IP literal; empty for a name. */
    public Optional<AddressFamily> literalFamily() {
        return AddressFamily.ofLiteral(host);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
