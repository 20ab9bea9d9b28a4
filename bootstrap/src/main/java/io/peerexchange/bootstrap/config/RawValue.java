package io.peerexchange.bootstrap.config;

import java.util.List;
import java.util.Objects;

/**
 * One configuration value as given, before parsing, with where it came from (so an error can name
 * the key the way the operator wrote it). Lists (STUN servers) keep their items.
 *
 * @param items  the value; one item for a scalar
 * @param origin the key as the operator wrote it: {@code --listen-port}, {@code PEEREXCHANGE_LISTEN_PORT},
 *               {@code listen_port (in /etc/peerexchange/config.yaml)}
 */
public record RawValue(List<String> items, String origin) {
    public RawValue {
        items = List.copyOf(items);
        Objects.requireNonNull(origin, "origin");
    }

    public static RawValue of(String value, String origin) {
        return new RawValue(List.of(value), origin);
    }

    /** The value of a scalar key; a list given for a scalar key is an error. */
    public String scalar() throws ConfigException {
        if (items.size() != 1) {
            throw new ConfigException("invalid " + origin + ": expected a single value, got a list");
        }
        return items.get(0);
    }
}
