package io.peerexchange.benchmarks.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.logging.LDLogger;
import com.sun.net.httpserver.HttpServer;
import io.peerexchange.adapters.controlplane.events.SseEventStream;
import io.peerexchange.adapters.controlplane.events.StreamSettings;
import io.peerexchange.adapters.controlplane.events.StreamState;
import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.adapters.controlplane.http.ControlPlaneSettings;
import io.peerexchange.benchmarks.results.Row;
import io.peerexchange.benchmarks.results.RowStore;
import io.peerexchange.benchmarks.results.Stats;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import io.peerexchange.ports.testing.FakePeerLister;
import io.peerexchange.ports.testing.TestKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Write-to-handler latency over loopback: a JDK HTTP server writes one {@code peer_endpoint_changed}
 * event at a time (stamped with {@link System#nanoTime()} as it is written; same JVM, so clocks
 * agree) and the next only after the handler saw the previous. Ours: {@link SseEventStream} up to
 * the typed {@code Peer} handler. Alternative: LaunchDarkly's {@link EventSource} over OkHttp,
 * its handler parsing the envelope with Jackson to reach the same field. 2,000 warm-up events,
 * then {@code N} (default 10,000) measured. Writes row {@code 2b}.
 */
public final class SseLatencyHarness {
    private static final ComponentLogger LOG = ComponentLogger.of(SseLatencyHarness.class, Component.BENCH);
    private static final int WARMUP = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SseLatencyHarness() {}

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String command = args.length > 1
                ? args[1]
                : "java -cp benchmarks/target/benchmarks.jar " + SseLatencyHarness.class.getName();
        System.setProperty("sun.net.httpserver.nodelay", "true");
        double[] ours = Stats.nanosToMicros(run(events, SseLatencyHarness::ours));
        double[] theirs = Stats.nanosToMicros(run(events, SseLatencyHarness::launchDarkly));
        double oursP99 = Stats.percentile(ours, 99);
        double theirsP99 = Stats.percentile(theirs, 99);
        LOG.atInfo()
                .addKeyValue("ours_median_us", Stats.median(ours))
                .addKeyValue("ours_p99_us", oursP99)
                .addKeyValue("ld_median_us", Stats.median(theirs))
                .addKeyValue("ld_p99_us", theirsP99)
                .log("SSE write-to-handler latency");
        RowStore store = RowStore.fromSystemProperty();
        String what = String.format("SSE: write-to-handler latency over loopback, %,d events one at a time", events);
        String alternative = "LaunchDarkly okhttp-eventsource 4.3.0 (OkHttp) + Jackson";
        store.write(Row.median(
                "2b-sse-latency-median", what, "µs", ours, alternative, theirs, command, "ours", "theirs", "%.0f"));
        store.write(new Row(
                "2c-sse-latency-p99",
                what + " (p99)",
                "µs",
                OptionalDouble.of(oursP99),
                alternative,
                OptionalDouble.of(theirsP99),
                false,
                "p99 ≤ 2000 µs",
                Row.Verdict.of(oursP99 <= 2000),
                command,
                ""));
    }

    /** A client under test: connects to {@code uri}, reports each handled event's send stamp. */
    private interface Client {
        AutoCloseable start(URI base, SynchronousQueue<Long> handled) throws Exception;
    }

    private static long[] run(int events, Client client) throws Exception {
        BlockingQueue<String> outbox = new ArrayBlockingQueue<>(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(": open\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                while (true) {
                    String next = outbox.take();
                    if (next.isEmpty()) {
                        return;
                    }
                    out.write(next.replace("@T@", Long.toString(System.nanoTime()))
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                LOG.atDebug().addKeyValue("error", e.toString()).log("stream closed");
            }
        });
        // Own daemon threads: the default executor is the dispatcher itself, which this handler would block.
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "pxb-sse-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        SynchronousQueue<Long> handled = new SynchronousQueue<>();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        AutoCloseable running = null;
        try {
            running = client.start(base, handled);
            long[] nanos = new long[events];
            for (int i = 0; i < WARMUP + events; i++) {
                outbox.put("id: " + i + "\ndata: {\"event_type\":\"peer_endpoint_changed\",\"event_id\":\"e-" + i
                        + "\",\"payload\":{\"id\":\"p-1\",\"public_key\":\""
                        + TestKeys.key(1).toBase64()
                        + "\",\"mesh_ip\":\"@T@\",\"endpoint\":\"198.51.100.7:40000\"}}\n\n");
                Long sent = handled.poll(10, TimeUnit.SECONDS);
                if (sent == null) {
                    throw new IllegalStateException("event " + i + " was not handled within 10 s");
                }
                if (i >= WARMUP) {
                    nanos[i - WARMUP] = sent;
                }
            }
            return nanos;
        } finally {
            outbox.offer("");
            if (running != null) {
                running.close();
            }
            server.stop(0);
        }
    }

    private static AutoCloseable ours(URI base, SynchronousQueue<Long> handled) throws InterruptedException {
        ControlPlaneSettings settings = new ControlPlaneSettings(base, "bench", true, false, Optional.empty());
        SseEventStream stream = new SseEventStream(
                settings,
                BearerToken.of("bench-token"),
                NodeId.of("bench"),
                new FakePeerLister(),
                Optional.empty(),
                StreamSettings.defaults());
        stream.onPeerEndpointChanged(peer -> {
            long sent = Long.parseLong(peer.meshIp().orElseThrow());
            handled.put(System.nanoTime() - sent);
        });
        stream.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stream.state() != StreamState.CONNECTED && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return stream;
    }

    private static AutoCloseable launchDarkly(URI base, SynchronousQueue<Long> handled) {
        EventSource source = new EventSource.Builder(ConnectStrategy.http(base.resolve("/v1/nodes/bench/events"))
                        .header("Authorization", "Bearer bench-token"))
                .logger(LDLogger.none())
                .build();
        Thread reader = new Thread(
                () -> {
                    try {
                        for (MessageEvent event : source.messages()) {
                            String stamp = JSON.readTree(event.getData())
                                    .path("payload")
                                    .path("mesh_ip")
                                    .asText();
                            handled.put(System.nanoTime() - Long.parseLong(stamp));
                        }
                    } catch (IOException e) {
                        LOG.atWarn().addKeyValue("error", e.toString()).log("bad event");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "pxb-ld-reader");
        reader.setDaemon(true);
        reader.start();
        return () -> {
            source.close();
            reader.join(2_000);
        };
    }
}
