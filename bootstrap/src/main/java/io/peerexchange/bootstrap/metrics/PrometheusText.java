package io.peerexchange.bootstrap.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prometheus text exposition format 0.0.4: {@code # HELP}, {@code # TYPE}, then one sample per line,
 * label values escaped. What {@code promtool check metrics} reads.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);

    public PrometheusText counters(MetricsRegistry.Family family) {
        header(family.name(), family.help(), "counter");
        family.counts().forEach((values, count) -> sample(family.name(), family.labels(), values, count));
        return this;
    }

    /** A gauge family with one label. */
    public PrometheusText gauge(String name, String help, String label, Map<String, ? extends Number> values) {
        header(name, help, "gauge");
        values.forEach((value, number) -> sample(name, List.of(label), List.of(value), number));
        return this;
    }

    public PrometheusText gauge(String name, String help, Number value) {
        header(name, help, "gauge");
        sample(name, List.of(), List.of(), value);
        return this;
    }

    /** A counter read from a monotonic count the source keeps itself. */
    public PrometheusText counter(String name, String help, long value) {
        header(name, help, "counter");
        sample(name, List.of(), List.of(), value);
        return this;
    }

    private void header(String name, String help, String type) {
        out.append("# HELP ")
                .append(name)
                .append(' ')
                .append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, List<String> labels, List<String> values, Number value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            for (int i = 0; i < labels.size(); i++) {
                out.append(i == 0 ? "" : ",").append(labels.get(i)).append("=\"");
                escape(values.get(i));
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
    }

    private void escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    private static String format(Number value) {
        if (value instanceof Double || value instanceof Float) {
            return String.format(Locale.ROOT, "%s", value.doubleValue());
        }
        return Long.toString(value.longValue());
    }

    public String text() {
        return out.toString();
    }
}
