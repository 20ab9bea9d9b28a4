package io.peerexchange.bootstrap.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import io.peerexchange.bootstrap.text.Json;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line: {@code time}, {@code level}, {@code component}, {@code msg}, then the
 * event's key-values (numbers and booleans as JSON numbers and booleans, anything else as a string).
 * Hand-written: JSON libraries belong to the control-plane adapter only.
 */
public final class JsonLayout extends LayoutBase<ILoggingEvent> {
    private final boolean withStackTraces;

    public JsonLayout(boolean withStackTraces) {
        this.withStackTraces = withStackTraces;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        EventView view = EventView.of(event, withStackTraces);
        StringBuilder out = new StringBuilder(200).append('{');
        Json.appendString(out.append("\"time\":"), view.time);
        Json.appendString(out.append(",\"level\":"), view.level);
        Json.appendString(out.append(",\"component\":"), view.component);
        Json.appendString(out.append(",\"msg\":"), view.message);
        for (KeyValuePair kv : view.pairs) {
            out.append(',');
            Json.appendString(out, kv.key == null ? "_" : kv.key);
            out.append(':');
            appendValue(out, kv.value);
        }
        if (view.exception != null) {
            Json.appendString(out.append(",\"exception\":"), view.exception);
        }
        return out.append("}\n").toString();
    }

    private static void appendValue(StringBuilder out, Object value) {
        if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            out.append(value);
        } else if (value instanceof Double d && Double.isFinite(d)) {
            out.append(d.doubleValue());
        } else if (value instanceof Float f && Float.isFinite(f)) {
            out.append(f.floatValue());
        } else {
            Json.appendString(out, value == null ? "" : String.valueOf(value));
        }
    }
}
