package io.peerexchange.bootstrap.metrics;

import io.peerexchange.adapters.controlplane.events.SseEventStream;
import io.peerexchange.adapters.controlplane.events.StreamState;
import io.peerexchange.bootstrap.status.StatusService;
import io.peerexchange.ports.PathKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * One scrape of the agent: the registry's counters, the event stream's own counts, peers by path kind
 * (one WireGuard read), and the process's memory. Metric names follow Prometheus conventions: the
 * {@code peerexchange_} prefix, {@code _total} on counters, the unit in the name.
 */
public final class AgentScrape implements Supplier<String> {
    private final MetricsRegistry registry;
    private final SseEventStream events;
    private final StatusService status;

    public AgentScrape(MetricsRegistry registry, SseEventStream events, StatusService status) {
        this.registry = registry;
        this.events = events;
        this.status = status;
    }

    @Override
    public String get() {
        PrometheusText text = new PrometheusText();
        registry.families().forEach(text::counters);
        text.counter(
                "peerexchange_event_stream_connections_total",
                "Event-stream connections opened (a reconnect adds one).",
                events.connectionCount());
        text.counter(
                "peerexchange_event_stream_attempts_total",
                "Event-stream connection attempts, successful or not.",
                events.attemptCount());
        text.counter(
                "peerexchange_node_state_polls_total",
                "Node-state polls while the stream was down.",
                events.pollCount());
        text.gauge(
                "peerexchange_event_stream_up",
                "1 while the event stream is connected.",
                events.state() == StreamState.CONNECTED ? 1 : 0);
        text.gauge(
                "peerexchange_event_stream_polling", "1 while the polling fallback runs.", events.isPolling() ? 1 : 0);
        Map<String, Long> byKind = new LinkedHashMap<>();
        for (PathKind kind : PathKind.values()) {
            byKind.put(kind.wireName(), 0L);
        }
        status.pathKindCounts().forEach((kind, n) -> byKind.put(kind.wireName(), n));
        text.gauge("peerexchange_peers", "WireGuard peers by path kind.", "path", byKind);
        text.gauge(
                "peerexchange_ready",
                "1 while the agent is ready (docs/PROTOCOL.md#health-checks).",
                status.ready() ? 1 : 0);
        residentBytes()
                .ifPresent(rss ->
                        text.gauge("process_resident_memory_bytes", "Resident memory of the agent process.", rss));
        Runtime runtime = Runtime.getRuntime();
        text.gauge(
                "peerexchange_jvm_heap_used_bytes", "Java heap in use.", runtime.totalMemory() - runtime.freeMemory());
        text.gauge("peerexchange_jvm_heap_max_bytes", "The Java heap's limit.", runtime.maxMemory());
        return text.text();
    }

    /** VmRSS from {@code /proc/self/status}, in bytes. */
    static OptionalLong residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kib =
                            line.substring("VmRSS:".length()).replace("kB", "").strip();
                    return OptionalLong.of(Long.parseLong(kib) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or /proc not mounted: the metric is simply absent.
        }
        return OptionalLong.empty();
    }
}
