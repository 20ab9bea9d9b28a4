package io.peerexchange.testing.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real streaming SSE server on loopback (JDK {@code HttpServer}): it holds each stream open,
 * writes what the test pushes, can drop streams, and can be killed and restarted on the same port.
 */
public final class StreamingServer implements AutoCloseable {
    /** What the server answers to each events request: null means "stream what is pushed". */
    private volatile Function<HttpExchange, String> onConnect = exchange -> null;

    private final List<Connection> open = new CopyOnWriteArrayList<>();
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> userAgents = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private ExecutorService executor;
    private int port;

    private static final class Connection {
        final BlockingQueue<String> outbox = new LinkedBlockingQueue<>();
        volatile boolean dropped;
    }

    static {
        // Without TCP_NODELAY the JDK server's small writes wait out the client's delayed ACK (~40 ms each).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final java.util.concurrent.atomic.AtomicInteger THREADS =
            new java.util.concurrent.atomic.AtomicInteger();
    private static final String DROP = "\u0000drop";

    public StreamingServer start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        port = server.getAddress().getPort();
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "test-server-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** Kills the server: every open stream is cut, new connections are refused. */
    public void kill() {
        dropAll();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public StreamingServer restart() throws IOException {
        return start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public void onConnect(Function<HttpExchange, String> answer) {
        this.onConnect = answer;
    }

    /** Writes raw SSE text to every open stream. */
    public void push(String sseText) {
        for (Connection connection : open) {
            connection.outbox.add(sseText);
        }
    }

    /** Ends every open stream cleanly (end of chunked body). */
    public void dropAll() {
        for (Connection connection : open) {
            connection.outbox.add(DROP);
        }
    }

    public int openStreams() {
        return (int) open.stream().filter(c -> !c.dropped).count();
    }

    public List<String> lastEventIds() {
        return List.copyOf(lastEventIds);
    }

    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    public List<String> userAgents() {
        return List.copyOf(userAgents);
    }

    public int requests() {
        return authorizations.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String lastId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        lastEventIds.add(lastId == null ? "" : lastId);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth == null ? "" : auth);
        String ua = exchange.getRequestHeaders().getFirst("User-Agent");
        userAgents.add(ua == null ? "" : ua);
        String fixed = onConnect.apply(exchange);
        if (fixed != null) {
            // A complete answer: the whole stream text, then the stream ends.
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(fixed.getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        if (exchange.getResponseCode() > 0) {
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        Connection connection = new Connection();
        open.add(connection);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(": open\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                String next = connection.outbox.take();
                if (next.equals(DROP)) {
                    break;
                }
                out.write(next.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away.
        } finally {
            connection.dropped = true;
            open.remove(connection);
            exchange.close();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
