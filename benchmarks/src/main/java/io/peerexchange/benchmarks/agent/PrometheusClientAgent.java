package io.peerexchange.benchmarks.agent;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The agent with the Prometheus Java client instead of its own exposition: the same metric families
 * registered with {@code prometheus-metrics-core}, served by {@code prometheus-metrics-exporter-httpserver}
 * on {@code -Dpxb.metrics.port}, counted from a side thread, then {@code io.peerexchange.bootstrap.Main}
 * runs as usual. Only {@link MetricsFootprintHarness} starts it, to weigh the library.
 */
public final class PrometheusClientAgent {
    private PrometheusClientAgent() {}

    public static void main(String[] args) throws Exception {
        Counter stun = Counter.builder()
                .name("peerexchange_stun_bindings_total")
                .help("STUN bindings by configured server and outcome.")
                .labelNames("server", "outcome")
                .register();
        Counter[] byOutcome = {
            counter("peerexchange_endpoint_reports_total", "outcome"),
            counter("peerexchange_events_received_total", "type"),
            counter("peerexchange_events_applied_total", "type"),
            counter("peerexchange_events_rejected_total", "reason"),
            counter("peerexchange_wireguard_endpoint_writes_total", "outcome"),
            counter("peerexchange_heartbeats_total", "outcome"),
            counter("peerexchange_node_state_reads_total", "outcome")
        };
        Gauge peers = Gauge.builder()
                .name("peerexchange_peers")
                .help("WireGuard peers by path kind.")
                .labelNames("path")
                .register();
        Gauge rss = Gauge.builder()
                .name("process_resident_memory_bytes")
                .help("Resident memory.")
                .register();
        HTTPServer server = HTTPServer.builder()
                .port(Integer.getInteger("pxb.metrics.port"))
                .buildAndStart();
        Thread counting = new Thread(
                () -> {
                    while (true) {
                        stun.labelValues("127.0.0.1:3478", "ok").inc();
                        for (Counter c : byOutcome) {
                            c.labelValues("ok").inc();
                        }
                        peers.labelValues("srflx")
                                .set(ThreadLocalRandom.current().nextInt(3));
                        rss.set(Runtime.getRuntime().totalMemory());
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "pxb-prometheus-counting");
        counting.setDaemon(true);
        counting.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Class.forName("io.peerexchange.bootstrap.Main")
                .getMethod("main", String[].class)
                .invoke(null, (Object) args);
    }

    private static Counter counter(String name, String label) {
        return Counter.builder().name(name).help(name).labelNames(label).register();
    }
}
