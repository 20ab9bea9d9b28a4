package io.peerexchange.testing.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A control plane for one node whose every answer the test scripts: the state and report answers
 * (any bytes, hostile ones included), a fault applied to every call (an HTTP status with an optional
 * Retry-After, or a delay), being down (nothing listening on its port), and event streams that can
 * be fed SSE blocks and dropped. It counts the calls it gets.
 */
public final class ScriptedControlPlane implements AutoCloseable {
    public enum Call {
        STATE,
        ENDPOINT,
        HEARTBEAT,
        EVENTS
    }

    private final int port;
    private final String nodeId;
    private volatile String token;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "pxr-cp");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService dropper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "pxr-cp-dropper");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Call, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<BlockingQueue<String>> streams = new CopyOnWriteArrayList<>();
    private final List<Long> callTimes = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private volatile Supplier<byte[]> state = () -> "{\"peers\":[]}".getBytes(StandardCharsets.UTF_8);
    private volatile Supplier<byte[]> endpointAnswer = () -> "{\"peer_endpoints\":[]}".getBytes(StandardCharsets.UTF_8);
    private volatile Supplier<byte[]> heartbeatAnswer =
            () -> "{\"reconcile\":false,\"rotate_keys\":false}".getBytes(StandardCharsets.UTF_8);
    private volatile int faultStatus;
    private volatile String retryAfter;
    private volatile Duration delay = Duration.ZERO;

    private ScriptedControlPlane(int port, String nodeId, String token) {
        this.port = port;
        this.nodeId = nodeId;
        this.token = token;
        for (Call call : Call.values()) {
            calls.put(call, new AtomicInteger());
        }
    }

    /** On a free loopback port, not yet listening (so the agent finds it down until {@link #up()}). */
    public static ScriptedControlPlane create(String nodeId, String token) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new ScriptedControlPlane(probe.getLocalPort(), nodeId, token);
        }
    }

    public void expectToken(String bearerToken) {
        token = bearerToken;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized void up() throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Nothing listens any more: connections are refused. Open streams end. */
    public synchronized void down() {
        if (server != null) {
            dropStreams();
            server.stop(0);
            server = null;
        }
    }

    public void state(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        state = () -> bytes;
    }

    public void state(Supplier<byte[]> body) {
        state = body;
    }

    public void endpointAnswer(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        endpointAnswer = () -> bytes;
    }

    public void endpointAnswer(Supplier<byte[]> body) {
        endpointAnswer = body;
    }

    public void heartbeatAnswer(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        heartbeatAnswer = () -> bytes;
    }

    /** Every call answers {@code status} (with {@code Retry-After} when not null) until {@link #heal()}. */
    public void fail(int status, String retryAfterHeader) {
        retryAfter = retryAfterHeader;
        faultStatus = status;
        dropStreams();
    }

    /** Every call waits this long before it answers. */
    public void slow(Duration answerDelay) {
        delay = answerDelay;
    }

    public void heal() {
        faultStatus = 0;
        retryAfter = null;
        delay = Duration.ZERO;
    }

    /** Ends every open event stream now, and again every {@code period} until the returned handle is cancelled. */
    public java.util.concurrent.ScheduledFuture<?> dropStreamsEvery(Duration period) {
        return dropper.scheduleAtFixedRate(
                this::dropStreams, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void dropStreams() {
        for (BlockingQueue<String> stream : streams) {
            stream.offer("");
        }
    }

    /** Sends one raw SSE block (fields and the closing blank line) to every open stream. */
    public void push(String sseBlock) {
        for (BlockingQueue<String> stream : streams) {
            stream.offer(sseBlock);
        }
    }

    public int openStreams() {
        return streams.size();
    }

    public int calls(Call call) {
        return calls.get(call).get();
    }

    /** Calls of any kind received at or after {@code sinceNanos} (System.nanoTime()). */
    public long callsSince(long sinceNanos) {
        return callTimes.stream().filter(t -> t >= sinceNanos).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String prefix = "/v1/nodes/" + nodeId + "/";
            Call call = path.equals(prefix + "state")
                    ? Call.STATE
                    : path.equals(prefix + "endpoint")
                            ? Call.ENDPOINT
                            : path.equals(prefix + "heartbeat")
                                    ? Call.HEARTBEAT
                                    : path.equals(prefix + "events") ? Call.EVENTS : null;
            exchange.getRequestBody().readAllBytes();
            if (call == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            calls.get(call).incrementAndGet();
            callTimes.add(System.nanoTime());
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            long waitUntil = System.nanoTime() + delay.toNanos();
            // A healed server answers the requests it was sitting on at once.
            while (!delay.isZero() && System.nanoTime() < waitUntil) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            int status = faultStatus;
            if (status != 0) {
                if (retryAfter != null) {
                    exchange.getResponseHeaders().add("Retry-After", retryAfter);
                }
                byte[] body = "{\"error\":\"scripted fault\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            switch (call) {
                case STATE -> json(exchange, state.get());
                case ENDPOINT -> json(exchange, endpointAnswer.get());
                case HEARTBEAT -> json(exchange, heartbeatAnswer.get());
                case EVENTS -> stream(exchange);
            }
        }
    }

    private static void json(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private void stream(HttpExchange exchange) throws IOException {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write(": hello\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        streams.add(queue);
        try {
            while (true) {
                String block = queue.poll(15, TimeUnit.SECONDS);
                if (block != null && block.isEmpty()) {
                    return;
                }
                out.write((block == null ? ": keep-alive\n\n" : block).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException gone) {
            // The agent hung up; that is its right.
        } finally {
            streams.remove(queue);
        }
    }

    @Override
    public void close() {
        down();
        dropper.shutdownNow();
        workers.shutdownNow();
    }
}
