package io.peerexchange.bootstrap.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import io.peerexchange.ports.json.JsonStrings;
import io.peerexchange.ports.logging.ComponentLogger;
import org.slf4j.event.KeyValuePair;

/**
 * logfmt: {@code time=… level=… component=… msg="…" key=value…}, one line per event. Values with
 * spaces, quotes, {@code =} or control characters are quoted and escaped, so a line always splits
 * back into the same pairs.
 */
public final class LogfmtLayout extends LayoutBase<ILoggingEvent> {
    private final boolean withStackTraces;

    public LogfmtLayout(boolean withStackTraces) {
        this.withStackTraces = withStackTraces;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        EventView view = EventView.of(event, withStackTraces);
        StringBuilder out = new StringBuilder(160);
        out.append("time=").append(view.time);
        out.append(" level=").append(view.level);
        pair(out, ComponentLogger.KEY, view.component);
        pair(out, "msg", view.message);
        for (KeyValuePair kv : view.pairs) {
            pair(out, kv.key, kv.value == null ? "" : String.valueOf(kv.value));
        }
        if (view.exception != null) {
            pair(out, "exception", view.exception);
        }
        return out.append('\n').toString();
    }

    private static void pair(StringBuilder out, String key, String value) {
        out.append(' ');
        appendKey(out, key);
        out.append('=');
        appendValue(out, value);
    }

    static void appendKey(StringBuilder out, String key) {
        if (key == null || key.isEmpty()) {
            out.append('_');
            return;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            out.append(c <= ' ' || c == '=' || c == '"' || c == 0x7f ? '_' : c);
        }
    }

    /** A value that needs quotes is written as a JSON string: one escaping rule for both formats. */
    static void appendValue(StringBuilder out, String value) {
        if (!needsQuotes(value)) {
            out.append(value);
            return;
        }
        JsonStrings.appendStrict(out, value);
    }

    private static boolean needsQuotes(String value) {
        if (value.isEmpty()) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f || c == 0x2028 || c == 0x2029) {
                return true;
            }
        }
        return false;
    }
}
