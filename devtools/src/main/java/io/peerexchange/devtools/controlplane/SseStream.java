package io.peerexchange.devtools.controlplane;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One open {@code text/event-stream} answer. Writers (publisher and keep-alive timer) share it, so
 * writes are serialised; the first failed write closes it, which is how a gone client is noticed.
 */
final class SseStream {
    private final HttpExchange exchange;
    private final OutputStream body;
    private boolean open = true;

    SseStream(HttpExchange exchange) {
        this.exchange = exchange;
        this.body = exchange.getResponseBody();
    }

    /** @return false when the stream is closed (now or before) */
    synchronized boolean write(String text) {
        if (!open) {
            return false;
        }
        try {
            body.write(text.getBytes(StandardCharsets.UTF_8));
            body.flush();
            return true;
        } catch (IOException e) {
            close();
            return false;
        }
    }

    synchronized void close() {
        if (open) {
            open = false;
            exchange.close();
        }
    }
}
