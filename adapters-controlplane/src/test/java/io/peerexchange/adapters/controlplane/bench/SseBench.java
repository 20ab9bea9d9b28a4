package io.peerexchange.adapters.controlplane.bench;

import com.sun.net.httpserver.HttpServer;
import io.peerexchange.adapters.controlplane.BearerToken;
import io.peerexchange.adapters.controlplane.ControlPlaneSettings;
import io.peerexchange.adapters.controlplane.SseEventStream;
import io.peerexchange.adapters.controlplane.StreamState;
import io.peerexchange.adapters.controlplane.StreamSettings;
import io.peerexchange.adapters.controlplane.sse.SseEvent;
import io.peerexchange.adapters.controlplane.sse.SseListener;
import io.peerexchange.adapters.controlplane.sse.SseParseException;
import io.peerexchange.adapters.controlplane.sse.SseParser;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.testing.FakePeerLister;
import io.peerexchange.ports.testing.TestKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Prints (as log lines, component=bench) SSE parser throughput in MB/s and events/s on a
 * synthetic stream of realistic signed peer events, and the write-to-handler latency (median,
 * p99) of 10,000 events pushed one at a time over loopback through {@link SseEventStream}.
 */
public final class SseBench {
    private static final Logger LOG = LoggerFactory.getLogger(SseBench.class);
    private static final int CHUNK = 16 * 1024;

    private SseBench() {}

    public static void main(String[] args) throws Exception {
        parserThroughput(args.length > 0 ? Integer.parseInt(args[0]) : 110);
        latency(args.length > 1 ? Integer.parseInt(args[1]) : 10_000);
    }

    // ---- parser throughput ----------------------------------------------------------------

    static byte[] syntheticStream(int megabytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(megabytes << 20);
        int i = 0;
        while (out.size() < megabytes << 20) {
            i++;
            String payload = "{\"id\":\"p-" + i + "\",\"public_key\":\"" + TestKeys.key(i).toBase64()
                    + "\",\"mesh_ip\":\"10.0." + ((i >> 8) & 255) + "." + (i & 255) + "\",\"endpoint\":\"198.51.100."
                    + (i % 250 + 1) + ":" + (40000 + i % 20000) + "\",\"allowed_ips\":[\"10.0." + ((i >> 8) & 255) + "."
                    + (i & 255) + "/32\"]}";
            String event = "id: " + i + "\r\nevent: message\r\ndata: {\"event_type\":\"peer_endpoint_changed\",\"event_id\":\"evt-"
                    + i + "\",\"issued_at\":\"2030-01-01T00:00:00Z\",\"nonce\":\"" + Long.toHexString(i * 0x9E3779B97F4A7C15L)
                    + "\",\"payload\":" + payload + ",\"signature\":\"" + "A".repeat(86) + "==\"}\r\n\r\n";
            if (i % 50 == 0) {
                event = ": keep-alive\n" + event;
            }
            byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length);
        }
        return out.toByteArray();
    }

    static void parserThroughput(int megabytes) throws SseParseException {
        byte[] stream = syntheticStream(megabytes);
        long[] count = new long[2];
        SseListener listener = new SseListener() {
            @Override
            public void onEvent(SseEvent event) {
                count[0]++;
                count[1] += event.data().length();
            }
        };
        double[] mbPerS = new double[8];
        double[] eventsPerS = new double[8];
        for (int round = -3; round < mbPerS.length; round++) {
            count[0] = 0;
            SseParser parser = new SseParser(listener);
            long start = System.nanoTime();
            for (int off = 0; off < stream.length; off += CHUNK) {
                parser.feed(stream, off, Math.min(CHUNK, stream.length - off));
            }
            parser.end();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (round >= 0) {
                mbPerS[round] = stream.length / 1e6 / seconds;
                eventsPerS[round] = count[0] / seconds;
            }
        }
        Arrays.sort(mbPerS);
        Arrays.sort(eventsPerS);
        LOG.atInfo().addKeyValue("component", "bench").addKeyValue("stream_mb", String.format("%.1f", stream.length / 1e6))
                .addKeyValue("events", count[0])
                .addKeyValue("median_mb_per_s", String.format("%.0f", mbPerS[mbPerS.length / 2]))
                .addKeyValue("median_events_per_s", String.format("%.0f", eventsPerS[eventsPerS.length / 2]))
                .addKeyValue("best_mb_per_s", String.format("%.0f", mbPerS[mbPerS.length - 1]))
                .log("SSE parser throughput (16 KiB reads, median of 8 rounds after 3 warm-up)");
    }

    // ---- write-to-handler latency -----------------------------------------------------------

    static void latency(int events) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
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
                    // The send time travels in the event (same JVM, so nanoTime is comparable).
                    byte[] bytes = next.replace("@T@", Long.toString(System.nanoTime())).getBytes(StandardCharsets.UTF_8);
                    out.write(bytes);
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        java.util.concurrent.ExecutorService serverThreads = java.util.concurrent.Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "bench-server");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(serverThreads);
        server.start();
        SynchronousQueue<Long> handled = new SynchronousQueue<>();
        ControlPlaneSettings settings = new ControlPlaneSettings(URI.create("http://127.0.0.1:"
                + server.getAddress().getPort()), "bench", true, false, Optional.empty());
        try (SseEventStream stream = new SseEventStream(settings, BearerToken.of("bench-token"), NodeId.of("bench"),
                new FakePeerLister(), Optional.empty(), StreamSettings.defaults())) {
            stream.onPeerEndpointChanged(peer -> {
                long sent = Long.parseLong(peer.meshIp().orElseThrow());
                handled.put(System.nanoTime() - sent);
            });
            stream.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (stream.state() != StreamState.CONNECTED && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            int warmup = 2_000;
            long[] nanos = new long[events];
            for (int i = 0; i < warmup + events; i++) {
                outbox.put("id: " + i + "\ndata: {\"event_type\":\"peer_endpoint_changed\",\"event_id\":\"e-" + i
                        + "\",\"payload\":{\"id\":\"p-1\",\"public_key\":\"" + TestKeys.key(1).toBase64()
                        + "\",\"mesh_ip\":\"@T@\",\"endpoint\":\"198.51.100.7:40000\"}}\n\n");
                Long latency = handled.poll(5, TimeUnit.SECONDS);
                if (latency == null) {
                    throw new IllegalStateException("event " + i + " was not handled within 5 s");
                }
                if (i >= warmup) {
                    nanos[i - warmup] = latency;
                }
            }
            Arrays.sort(nanos);
            LOG.atInfo().addKeyValue("component", "bench").addKeyValue("events", events)
                    .addKeyValue("median_us", String.format("%.1f", nanos[events / 2] / 1e3))
                    .addKeyValue("p99_us", String.format("%.1f", nanos[(int) (events * 0.99)] / 1e3))
                    .addKeyValue("max_us", String.format("%.1f", nanos[events - 1] / 1e3))
                    .log("write-to-handler latency over loopback (one event in flight)");
        } finally {
            serverThreads.shutdownNow();
            server.stop(0);
        }
    }
}
