package io.peerexchange.bootstrap.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.peerexchange.ports.logging.ComponentLogger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.event.KeyValuePair;

/**
 * What both log formats write for one event: time, level, component, message, the key-values in
 * order and, if any, the exception. One place decides it so text and JSON always agree.
 */
final class EventView {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    final String time;
    final String level;
    final String component;
    final String message;
    final List<KeyValuePair> pairs;
    final String exception;

    private EventView(
            String time, String level, String component, String message, List<KeyValuePair> pairs, String exception) {
        this.time = time;
        this.level = level;
        this.component = component;
        this.message = message;
        this.pairs = pairs;
        this.exception = exception;
    }

    static EventView of(ILoggingEvent event, boolean withStackTrace) {
        String component = null;
        List<KeyValuePair> pairs = new ArrayList<>();
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                if (component == null && ComponentLogger.KEY.equals(pair.key)) {
                    component = String.valueOf(pair.value);
                } else {
                    pairs.add(pair);
                }
            }
        }
        if (component == null) {
            component = fallbackComponent(event.getLoggerName());
        }
        return new EventView(
                TIME.format(Instant.ofEpochMilli(event.getTimeStamp())),
                event.getLevel().toString().toLowerCase(Locale.ROOT),
                component,
                event.getFormattedMessage() == null ? "" : event.getFormattedMessage(),
                pairs,
                exception(event.getThrowableProxy(), withStackTrace));
    }

    /** Library events carry no component: the logger's simple name stands in. */
    private static String fallbackComponent(String loggerName) {
        if (loggerName == null || loggerName.isEmpty()) {
            return "agent";
        }
        int dot = loggerName.lastIndexOf('.');
        return loggerName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String exception(IThrowableProxy proxy, boolean withStackTrace) {
        if (proxy == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        IThrowableProxy current = proxy;
        int depth = 0;
        while (current != null && depth < 8) {
            if (depth > 0) {
                out.append(withStackTrace ? "\nCaused by: " : "; caused by ");
            }
            out.append(current.getClassName());
            if (current.getMessage() != null) {
                out.append(": ").append(current.getMessage());
            }
            if (withStackTrace && current.getStackTraceElementProxyArray() != null) {
                for (StackTraceElementProxy element : current.getStackTraceElementProxyArray()) {
                    out.append("\n\tat ").append(element.getStackTraceElement());
                }
            }
            current = current.getCause();
            depth++;
        }
        return out.toString();
    }
}
