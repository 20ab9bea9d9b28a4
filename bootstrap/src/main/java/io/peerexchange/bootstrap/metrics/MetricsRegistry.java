package io.peerexchange.bootstrap.metrics;

import io.peerexchange.ports.telemetry.AgentMetrics;
import io.peerexchange.ports.telemetry.RejectReason;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's counters, kept in memory for the metrics endpoint: one {@link LongAdder} per metric and
 * label value. A label has at most {@link #MAX_LABEL_VALUES} values per metric; later new values count
 * under {@code other}, so a misbehaving source cannot grow the series without bound.
 */
public final class MetricsRegistry implements AgentMetrics {
    public static final int MAX_LABEL_VALUES = 64;
    public static final String OVERFLOW_LABEL = "other";

    /** One counter family: its name, help, label names, and the counts by label values (in label order). */
    public record Family(String name, String help, List<String> labels, Map<List<String>, Long> counts) {}

    private enum Counter {
        STUN_BINDINGS(
                "peerexchange_stun_bindings_total",
                "STUN bindings by configured server and outcome.",
                "server",
                "outcome"),
        REPORTS("peerexchange_endpoint_reports_total", "Endpoint reports to the control plane by outcome.", "outcome"),
        EVENTS_RECEIVED(
                "peerexchange_events_received_total", "Control-plane events handed to the core, by type.", "type"),
        EVENTS_APPLIED("peerexchange_events_applied_total", "Control-plane events applied, by type.", "type"),
        EVENTS_REJECTED("peerexchange_events_rejected_total", "Control-plane events refused, by reason.", "reason"),
        WIREGUARD_WRITES(
                "peerexchange_wireguard_endpoint_writes_total",
                "Per-peer outcomes of WireGuard endpoint writes.",
                "outcome"),
        HEARTBEATS("peerexchange_heartbeats_total", "Heartbeats by outcome.", "outcome"),
        NODE_STATE_READS(
                "peerexchange_node_state_reads_total", "Node-state reads (reconciles, polls) by outcome.", "outcome");

        final String name;
        final String help;
        final List<String> labels;

        Counter(String name, String help, String... labels) {
            this.name = name;
            this.help = help;
            this.labels = List.of(labels);
        }
    }

    private final Map<Counter, Map<List<String>, LongAdder>> counts = new ConcurrentHashMap<>();

    private void add(Counter counter, String... labelValues) {
        Map<List<String>, LongAdder> byLabel = counts.computeIfAbsent(counter, c -> new ConcurrentHashMap<>());
        List<String> values = Arrays.stream(labelValues)
                .map(v -> v == null || v.isEmpty() ? "unknown" : v)
                .toList();
        LongAdder adder = byLabel.get(values);
        if (adder == null) {
            if (byLabel.size() >= MAX_LABEL_VALUES) {
                values = values.stream().map(v -> OVERFLOW_LABEL).toList();
            }
            adder = byLabel.computeIfAbsent(values, v -> new LongAdder());
        }
        adder.increment();
    }

    @Override
    public void stunBinding(String server, boolean ok) {
        add(Counter.STUN_BINDINGS, server, ok ? "ok" : "failed");
    }

    @Override
    public void endpointReport(String outcome) {
        add(Counter.REPORTS, outcome);
    }

    @Override
    public void eventReceived(String type) {
        add(Counter.EVENTS_RECEIVED, type);
    }

    @Override
    public void eventApplied(String type) {
        add(Counter.EVENTS_APPLIED, type);
    }

    @Override
    public void eventRejected(RejectReason reason) {
        add(Counter.EVENTS_REJECTED, reason.label());
    }

    @Override
    public void wireGuardWrite(String outcome) {
        add(Counter.WIREGUARD_WRITES, outcome);
    }

    @Override
    public void heartbeat(String outcome) {
        add(Counter.HEARTBEATS, outcome);
    }

    @Override
    public void nodeStateRead(String outcome) {
        add(Counter.NODE_STATE_READS, outcome);
    }

    /** Every family, also those with no count yet (they are exposed with no sample, as the help says). */
    public List<Family> families() {
        return Arrays.stream(Counter.values())
                .map(c -> {
                    Map<List<String>, Long> snapshot = new TreeMap<>(Comparator.comparing(Object::toString));
                    counts.getOrDefault(c, Map.of()).forEach((k, v) -> snapshot.put(k, v.sum()));
                    return new Family(c.name, c.help, c.labels, snapshot);
                })
                .toList();
    }
}
