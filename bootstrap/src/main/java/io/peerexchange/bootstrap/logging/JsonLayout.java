package io.peerexchange.bootstrap.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import io.peerexchange.ports.json.JsonStrings;
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
        JsonStrings.appendStrict(out.append("\"time\":"), view.time);
        JsonStrings.appendStrict(out.append(",\"level\":"), view.level);
        JsonStrings.appendStrict(out.append(",\"component\":"), view.component);
        JsonStrings.appendStrict(out.append(",\"msg\":"), view.message);
        for (KeyValuePair kv : view.pairs) {
            out.append(',');
            JsonStrings.appendStrict(out, kv.key == null ? "_" : kv.key);
            out.append(':');
            appendValue(out, kv.value);
        }
        if (view.exception != null) {
            JsonStrings.appendStrict(out.append(",\"exception\":"), view.exception);
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
            JsonStrings.appendStrict(out, value == null ? "" : String.valueOf(value));
        }
    }
}
