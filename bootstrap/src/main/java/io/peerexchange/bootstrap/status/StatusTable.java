package io.peerexchange.bootstrap.status;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code status} answer for people, like {@code wg show} and {@code tailscale status}: a few
 * lines on this node and the control plane, then one row per peer. Made from the JSON answer alone,
 * so it shows nothing the JSON does not.
 */
public final class StatusTable {
    private static final List<String> HEADER =
            List.of("PEER", "PUBLIC KEY", "ENDPOINT", "PATH", "HANDSHAKE", "RX", "TX", "ENDPOINT CHANGED");

    private StatusTable() {}

    public static String render(Map<String, Object> status) {
        Instant now = instant(status.get("generated_at"));
        StringBuilder out = new StringBuilder();
        Map<String, Object> node = map(status.get("node"));
        Map<String, Object> wg = map(status.get("wireguard"));
        out.append("node ")
                .append(text(node.get("id")))
                .append("   interface ")
                .append(text(wg.get("interface")))
                .append(" (")
                .append(text(wg.get("backend")))
                .append(Boolean.TRUE.equals(wg.get("reachable")) ? "" : ", NOT REACHABLE: " + text(wg.get("error")))
                .append(")   listen port ")
                .append(text(node.get("listen_port")))
                .append('\n');
        if (Boolean.TRUE.equals(node.get("nat_enabled"))) {
            out.append("  public endpoint ")
                    .append(text(node.get("public_endpoint")))
                    .append("   NAT type ")
                    .append(text(node.get("nat_type")))
                    .append("   port mapping ")
                    .append(text(node.get("port_mapping")))
                    .append('\n');
        } else {
            out.append("  NAT traversal disabled\n");
        }
        out.append("  candidates ").append(candidates(node.get("candidates"))).append('\n');
        out.append("  last discovery ").append(outcome(node.get("last_discovery"), now));
        Map<String, Object> discovery = map(node.get("last_discovery"));
        if (!discovery.isEmpty()) {
            out.append(" via ").append(text(discovery.get("server")));
        }
        out.append("   last report ")
                .append(outcome(node.get("last_report"), now))
                .append('\n');

        Map<String, Object> cp = map(status.get("control_plane"));
        out.append("control plane ")
                .append(text(cp.get("url")))
                .append("   events ")
                .append(text(cp.get("event_stream")))
                .append(" (last id ")
                .append(text(cp.get("last_event_id")))
                .append(")\n");
        out.append("  last heartbeat ").append(outcome(cp.get("last_heartbeat"), now));
        Map<String, Object> beat = map(cp.get("last_heartbeat"));
        if (Boolean.TRUE.equals(beat.get("reconcile"))) {
            out.append(", asked to reconcile");
        }
        if (cp.get("rotate_keys_asked_at") != null) {
            out.append("   key rotation asked ").append(ago(cp.get("rotate_keys_asked_at"), now));
        }
        out.append('\n');
        Map<String, Object> health = map(status.get("health"));
        out.append("health ")
                .append(Boolean.TRUE.equals(health.get("ready")) ? "ready" : "NOT READY")
                .append(reasons(health.get("reasons")))
                .append("\n\n");
        out.append(peers(status.get("peers"), now));
        return out.toString();
    }

    private static String peers(Object value, Instant now) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Object item : list(value)) {
            Map<String, Object> p = map(item);
            String changed = p.get("endpoint_changed_at") == null
                    ? "-"
                    : ago(p.get("endpoint_changed_at"), now) + " (" + text(p.get("endpoint_change_reason")) + ")";
            rows.add(List.of(
                    text(p.get("id")),
                    text(p.get("public_key")) + "…",
                    Boolean.TRUE.equals(p.get("in_wireguard")) ? text(p.get("endpoint")) : "(not in WireGuard)",
                    text(p.get("path")),
                    p.get("latest_handshake") == null ? "never" : ago(p.get("latest_handshake"), now),
                    bytes(p.get("rx_bytes")),
                    bytes(p.get("tx_bytes")),
                    changed));
        }
        if (rows.size() == 1) {
            return "no peers\n";
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String outcome(Object value, Instant now) {
        Map<String, Object> m = map(value);
        if (m.isEmpty()) {
            return "none yet";
        }
        String result = "ok".equals(m.get("outcome")) ? "ok" : "FAILED (" + text(m.get("error")) + ")";
        return result + " " + ago(m.get("at"), now);
    }

    private static String candidates(Object value) {
        List<Object> items = list(value);
        if (items.isEmpty()) {
            return "none";
        }
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            Map<String, Object> c = map(item);
            out.add(text(c.get("kind")) + " " + text(c.get("endpoint")));
        }
        return String.join(", ", out);
    }

    private static String reasons(Object value) {
        List<Object> items = list(value);
        return items.isEmpty()
                ? ""
                : ": " + String.join("; ", items.stream().map(String::valueOf).toList());
    }

    /** {@code 3 s ago}, {@code 4 min ago}, {@code 2 h ago}. */
    static String ago(Object at, Instant now) {
        Instant then = instant(at);
        if (then == null || now == null) {
            return "-";
        }
        long s = Math.max(0, Duration.between(then, now).toSeconds());
        if (s < 120) {
            return s + " s ago";
        }
        if (s < 7200) {
            return s / 60 + " min ago";
        }
        return s / 3600 + " h ago";
    }

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 3.2 MiB}, as {@code wg show} does. */
    static String bytes(Object value) {
        if (!(value instanceof Number n)) {
            return "-";
        }
        double b = n.doubleValue();
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        while (b >= 1024 && unit < units.length - 1) {
            b /= 1024;
            unit++;
        }
        return unit == 0 ? (long) b + " B" : String.format(Locale.ROOT, "%.1f %s", b, units[unit]);
    }

    private static Instant instant(Object value) {
        if (!(value instanceof String s)) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String text(Object value) {
        return value == null ? "none" : String.valueOf(value);
    }

    @SuppressWarnings("unchecked") // the answer's objects are maps with string keys
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked") // the answer's arrays are lists
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
