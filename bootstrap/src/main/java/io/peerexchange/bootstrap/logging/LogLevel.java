package io.peerexchange.bootstrap.logging;

import ch.qos.logback.classic.Level;
import java.util.Locale;

/** The least severe level that is written. */
public enum LogLevel {
    TRACE(Level.TRACE),
    DEBUG(Level.DEBUG),
    INFO(Level.INFO),
    WARN(Level.WARN),
    ERROR(Level.ERROR);

    private final Level logback;

    LogLevel(Level logback) {
        this.logback = logback;
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static LogLevel parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "trace" -> TRACE;
            case "debug" -> DEBUG;
            case "info" -> INFO;
            case "warn", "warning" -> WARN;
            case "error" -> ERROR;
            default -> throw new IllegalArgumentException("expected trace, debug, info, warn or error");
        };
    }

    Level logback() {
        return logback;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
