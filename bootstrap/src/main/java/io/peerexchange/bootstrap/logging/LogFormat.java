package io.peerexchange.bootstrap.logging;

import java.util.Locale;

/** How log events are written: logfmt lines or one JSON object per line. */
public enum LogFormat {
    TEXT,
    JSON;

    /** @throws IllegalArgumentException naming the accepted values */
    public static LogFormat parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "text", "logfmt" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("expected text or json");
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
