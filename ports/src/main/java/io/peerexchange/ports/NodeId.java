package io.peerexchange.ports;

import java.util.Objects;

/**
 * A node's id in the control plane (peers are nodes too). It is used in URL paths, so it is
 * limited to 1–128 characters of {@code [A-Za-z0-9._-]}.
 */
public record NodeId(String value) {

    public NodeId {
        Objects.requireNonNull(value, "node id");
        if (value.isEmpty() || value.length() > 128) {
            throw new IllegalArgumentException(
                    "invalid node id " + InputText.quote(value) + ": must be 1-128 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= '0' && c <= '9')
                    || (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || c == '.'
                    || c == '-'
                    || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("invalid node id " + InputText.quote(value)
                        + ": only letters, digits, '.', '-' and '_' are allowed");
            }
        }
        if (value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException("invalid node id " + InputText.quote(value));
        }
    }

    public static NodeId of(String value) {
        return new NodeId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
