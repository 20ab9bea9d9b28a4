package io.peerexchange.bootstrap.config;

import java.util.Locale;

/** The commands that read the configuration; a key's flag and defaults may differ between them. */
public enum CommandName {
    RUN,
    DISCOVER,
    STATUS;

    /** As typed: {@code run}, {@code discover}, {@code status}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
