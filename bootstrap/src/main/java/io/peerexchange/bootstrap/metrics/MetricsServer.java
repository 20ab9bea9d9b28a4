package io.peerexchange.bootstrap.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.peerexchange.bootstrap.config.ListenAddress;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The opt-in Prometheus endpoint ({@code metrics_listen}): {@code GET /metrics} answers the text
 * format, anything else 404 or 405. One thread serves it, so a scraper cannot take more of the
 * agent than that. A non-loopback address needs {@code metrics_allow_remote}: the counters say
 * nothing secret, but which peers exist and how the node is doing is not the internet's business.
 */
public final class MetricsServer implements AutoCloseable {
    private static final ComponentLogger LOG = ComponentLogger.of(MetricsServer.class, Component.AGENT);
    public static final String PATH = "/metrics";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * @throws IllegalArgumentException when {@code address} is not loopback and remote access is not allowed
     * @throws IOException when the address cannot be bound
     */
    public static MetricsServer start(ListenAddress address, boolean allowRemote, Supplier<String> scrape)
            throws IOException {
        if (!address.isLoopback() && !allowRemote) {
            throw new IllegalArgumentException("metrics_listen " + address
                    + " is not a loopback address; set metrics_allow_remote to serve it beyond this host");
        }
        HttpServer server = HttpServer.create(address.socketAddress(), 8);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "peerexchange-metrics");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                answer(exchange, scrape);
            }
        });
        server.start();
        LOG.atInfo().addKeyValue("address", address).log("metrics endpoint listening");
        return new MetricsServer(server, executor);
    }

    private static void answer(HttpExchange exchange, Supplier<String> scrape) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(PATH)) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        if (!exchange.getRequestMethod().equals("GET")
                && !exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        byte[] body;
        try {
            body = scrape.get().getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            LOG.atWarn().setCause(e).log("metrics scrape failed");
            exchange.sendResponseHeaders(500, -1);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The port actually bound (the configured one, or the one chosen for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
