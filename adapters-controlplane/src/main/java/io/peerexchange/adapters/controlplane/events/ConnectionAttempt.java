package io.peerexchange.adapters.controlplane.events;

import io.peerexchange.adapters.controlplane.http.AuthorizationHeader;
import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.adapters.controlplane.http.ErrorMapping;
import io.peerexchange.adapters.controlplane.http.Exchanges;
import io.peerexchange.adapters.controlplane.http.HttpClients5;
import io.peerexchange.adapters.controlplane.sse.SseParseException;
import io.peerexchange.adapters.controlplane.sse.SseParser;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * One connection attempt of the event stream per {@link #run()}: open {@code GET …/events} with
 * the current token and the parser's last event id, judge the answer, and feed the body to the
 * parser until it ends, breaks a limit, idles too long or {@link StreamHealth#close()} aborts it.
 * The exchange is aborted at the end, never drained: an event stream has no end to read to. What
 * to do next is {@link SseEventStream}'s call.
 */
final class ConnectionAttempt {
    private static final ComponentLogger LOG = ComponentLogger.of(ConnectionAttempt.class, Component.CONTROLPLANE);
    static final int READ_BUFFER_BYTES = 16 * 1024;

    private final URI eventsUri;
    private final BearerToken token;
    private final HttpClients5.Client client;
    private final StreamSettings timing;
    private final SseParser parser;
    private final StreamHealth health;
    private final Runnable onReconnected;

    /**
     * How an attempt ended.
     *
     * @param status             the refusing status, or {@link #NOT_REFUSED} when the attempt got no
     *                           answer, an unusable one, or a stream that then ended
     * @param retryAfter         the refusal's {@code Retry-After}
     * @param tokenReplacedSince a 401 for a token that was replaced while the request ran
     * @param healthy            a stream stayed open for {@link StreamSettings#healthyAfter()}
     */
    record Ending(int status, Optional<Duration> retryAfter, boolean tokenReplacedSince, boolean healthy) {
        static final int NOT_REFUSED = 0;

        static Ending dropped(boolean healthy) {
            return new Ending(NOT_REFUSED, Optional.empty(), false, healthy);
        }

        boolean refused() {
            return status != NOT_REFUSED;
        }
    }

    ConnectionAttempt(
            URI eventsUri,
            BearerToken token,
            HttpClients5.Client client,
            StreamSettings timing,
            SseParser parser,
            StreamHealth health,
            Runnable onReconnected) {
        this.eventsUri = eventsUri;
        this.token = token;
        this.client = client;
        this.timing = timing;
        this.parser = parser;
        this.health = health;
        this.onReconnected = onReconnected;
    }

    Ending run() {
        HttpGet get = new HttpGet(eventsUri);
        AuthorizationHeader authorization = new AuthorizationHeader(token);
        get.addHeader(authorization);
        get.addHeader(HttpHeaders.ACCEPT, "text/event-stream");
        get.addHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        String resumeFrom = parser.lastEventId();
        if (!resumeFrom.isEmpty()) {
            get.addHeader("Last-Event-ID", resumeFrom);
        }
        if (!health.beginAttempt(get)) {
            return Ending.dropped(false);
        }
        ClassicHttpResponse response = null;
        long openedAt = -1;
        try {
            response = client.http().executeOpen(null, get, null);
            Optional<Ending> refusal = judge(response, authorization);
            if (refusal.isPresent()) {
                return refusal.get();
            }
            openedAt = System.nanoTime();
            boolean again = health.connected();
            LOG.atInfo().addKeyValue("last_event_id", resumeFrom).log("event stream connected");
            if (again) {
                onReconnected.run();
            }
            read(response.getEntity());
            LOG.atInfo().log("event stream ended; reconnecting");
        } catch (SocketTimeoutException e) {
            LOG.atWarn()
                    .addKeyValue("idle_timeout_s", timing.idleTimeout().toSeconds())
                    .log(
                            openedAt < 0
                                    ? "event stream answer timed out"
                                    : "event stream idle for too long; reconnecting");
        } catch (SseParseException e) {
            LOG.atWarn().addKeyValue("error", e.getMessage()).log("event stream broke a parser limit; reconnecting");
        } catch (IOException e) {
            if (!health.isClosed()) {
                LOG.atWarn().addKeyValue("error", e.toString()).log("event stream connection failed");
            }
        } finally {
            Exchanges.abort(get, response);
            health.endAttempt(openedAt >= 0);
        }
        boolean healthy = openedAt >= 0
                && System.nanoTime() - openedAt >= timing.healthyAfter().toNanos();
        return Ending.dropped(healthy);
    }

    /** Empty when the answer is a usable event stream, else how the attempt ends. */
    private Optional<Ending> judge(ClassicHttpResponse response, AuthorizationHeader sent) {
        int status = response.getCode();
        if (status == 200) {
            Header type = response.getFirstHeader(HttpHeaders.CONTENT_TYPE);
            if (type == null || !isEventStream(type.getValue()) || response.getEntity() == null) {
                LOG.atWarn()
                        .addKeyValue("content_type", type == null ? "" : type.getValue())
                        .log("event stream answered without Content-Type text/event-stream; reconnecting");
                return Optional.of(Ending.dropped(false));
            }
            return Optional.empty();
        }
        Optional<Duration> retryAfter = ErrorMapping.forStatus(
                        "GET " + eventsUri.getPath(), response, Clock.systemUTC())
                .retryAfter();
        return Optional.of(new Ending(status, retryAfter, !sent.carriesCurrentValueOf(token), false));
    }

    private void read(HttpEntity entity) throws IOException, SseParseException {
        parser.reconnect();
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        // Deliberately not closed here: closing the content stream reads the body to its end, and an event
        // stream has none, so a parser-limit error would hang this thread. run() aborts the exchange.
        InputStream in = entity.getContent();
        int n;
        while (!health.isClosed() && (n = in.read(buffer)) >= 0) {
            parser.feed(buffer, 0, n);
        }
        parser.end();
    }

    private static boolean isEventStream(String contentType) {
        try {
            return "text/event-stream"
                    .equalsIgnoreCase(ContentType.parse(contentType).getMimeType());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
