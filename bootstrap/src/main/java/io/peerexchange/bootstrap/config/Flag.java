package io.peerexchange.bootstrap.config;

import java.util.Objects;

/**
 * A key's flag on one command.
 *
 * @param name        {@code --listen-port}
 * @param paramLabel  how help shows the value: {@code PORT}
 * @param description the help line; {@code {default}} stands for the key's default, {@code {key}} for its YAML key
 */
public record Flag(String name, String paramLabel, String description) {
    public Flag {
        Objects.requireNonNull(paramLabel, "paramLabel");
        Objects.requireNonNull(description, "description");
        if (!name.startsWith("--")) {
            throw new IllegalArgumentException("a flag starts with --: " + name);
        }
    }
}
