package io.peerexchange.adapters.controlplane;

import io.peerexchange.adapters.controlplane.sse.SseEvent;
import io.peerexchange.adapters.controlplane.sse.SseListener;
import io.peerexchange.adapters.controlplane.sse.SseParseException;
import io.peerexchange.adapters.controlplane.sse.SseParser;
import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.EventHandler;
import io.peerexchange.ports.EventSubscriptions;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerLister;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;

/**
 * The control plane's event stream ({@code GET /v1/nodes/{id}/events}, SPEC §4) on HttpClient 5's
 * classic API with a pool of its own, so a stream that is always open never takes a connection
 * the calls need.
 *
 * <p>One thread reads the stream, parses it with {@link SseParser} and runs the handlers; it
 * reconnects with back-off, sends {@code Last-Event-ID}, honours {@code retry:} and
 * {@code Retry-After}, stops for good on 204/403/404 and on 401 after calling the auth-failure
 * callbacks. A second thread polls the node state while the stream has been down for
 * {@link StreamSettings#pollAfter()} and hands the peer list to the snapshot handlers.
 * {@link #close()} aborts the open connection (it never drains an endless body) and joins both.
 */
public final class SseEventStream implements EventSubscriptions, AutoCloseable {
    private static final ComponentLogger LOG = ComponentLogger.of(SseEventStream.class, Component.CONTROLPLANE);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final NodeId nodeId;
    private final URI eventsUri;
    private final BearerToken token;
    private final PeerLister pollingSource;
    private final StreamSettings timing;
    private final EventDispatcher dispatcher;
    private final HttpClients5.Client client;
    private final Backoff backoff;
    private final List<Runnable> authFailureCallbacks = new CopyOnWriteArrayList<>();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong polls = new AtomicLong();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile StreamState state = StreamState.NEW;
    private volatile boolean closed;
    private volatile boolean polling;
    private volatile String lastEventId = "";
    private volatile HttpGet current;
    /** Guarded by {@link #lock}. */
    private boolean streamUp;
    /** Guarded by {@link #lock}: when the stream was last seen down (or the start). */
    private long downSinceNanos;

    private Thread streamThread;
    private Thread pollThread;

    public SseEventStream(
            ControlPlaneSettings settings,
            BearerToken token,
            NodeId nodeId,
            PeerLister pollingSource,
            Optional<EventVerifier> verifier) {
        this(settings, token, nodeId, pollingSource, verifier, StreamSettings.defaults());
    }

    public SseEventStream(
            ControlPlaneSettings settings,
            BearerToken token,
            NodeId nodeId,
            PeerLister pollingSource,
            Optional<EventVerifier> verifier,
            StreamSettings timing) {
        Objects.requireNonNull(settings, "settings");
        this.token = Objects.requireNonNull(token, "token");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.pollingSource = Objects.requireNonNull(pollingSource, "pollingSource");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.dispatcher = new EventDispatcher(Objects.requireNonNull(verifier, "verifier"));
        this.eventsUri = settings.resolve(HttpControlPlane.nodePath(nodeId, "events"));
        this.client = HttpClients5.build(settings, 1, timing.connectTimeout(), timing.idleTimeout(), false);
        this.backoff = new Backoff(
                timing.baseDelay(),
                timing.multiplier(),
                timing.maxDelay(),
                timing.jitter(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    @Override
    public void onPeerEndpointChanged(EventHandler<Peer> handler) {
        dispatcher.onPeerEndpointChanged(handler);
    }

    @Override
    public void onPeerSnapshot(EventHandler<List<Peer>> handler) {
        dispatcher.onPeerSnapshot(handler);
    }

    /** Runs on the stream thread when the server answers 401; the stream has stopped by then. */
    public void onAuthFailure(Runnable callback) {
        authFailureCallbacks.add(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Starts the stream and the polling fallback on their own threads and returns at once. After a
     * permanent stop (204, 401, 403, 404) it may be called again, e.g. once the token was replaced.
     *
     * @throws IllegalStateException when closed or already running
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("event stream is closed");
        }
        if (streamThread != null && streamThread.isAlive()) {
            throw new IllegalStateException("event stream is already running");
        }
        if (pollThread != null) {
            pollThread.interrupt();
            join(pollThread);
        }
        lock.lock();
        try {
            streamUp = false;
            downSinceNanos = System.nanoTime();
            state = StreamState.CONNECTING;
        } finally {
            lock.unlock();
        }
        backoff.reset();
        streamThread = new Thread(this::runStream, "controlplane-sse-" + nodeId.value());
        streamThread.setDaemon(true);
        pollThread = new Thread(this::runPolling, "controlplane-poll-" + nodeId.value());
        pollThread.setDaemon(true);
        streamThread.start();
        pollThread.start();
    }

    /** Stops at once: aborts the open connection, wakes both threads and joins them. Idempotent. */
    @Override
    public void close() {
        Thread stream;
        Thread poll;
        synchronized (this) {
            closed = true;
            stream = streamThread;
            poll = pollThread;
        }
        signal(StreamState.CLOSED);
        HttpGet request = current;
        if (request != null) {
            request.cancel();
        }
        for (Thread thread : new Thread[] {stream, poll}) {
            if (thread != null) {
                thread.interrupt();
            }
        }
        join(stream);
        join(poll);
        client.http().close(CloseMode.IMMEDIATE);
        state = StreamState.CLOSED;
    }

    public StreamState state() {
        return state;
    }

    /**
     * Whether the stream thread is still alive. After a permanent stop it ends once the stop's
     * callbacks have returned; {@link #start()} may be called again from then on.
     */
    public synchronized boolean isRunning() {
        return streamThread != null && streamThread.isAlive();
    }

    /** Whether the polling fallback is active (the stream has been down for too long). */
    public boolean isPolling() {
        return polling;
    }

    /** The last event id, sent as {@code Last-Event-ID} on reconnect; "" when none. */
    public String lastEventId() {
        return lastEventId;
    }

    /** Streams opened successfully (200 with {@code text/event-stream}). */
    public long connectionCount() {
        return connections.get();
    }

    /** Connection attempts, successful or not. */
    public long attemptCount() {
        return attempts.get();
    }

    /** Completed polls of the node state. */
    public long pollCount() {
        return polls.get();
    }

    PoolStats poolStats() {
        return client.pool().getTotalStats();
    }

    // ---- stream thread --------------------------------------------------------------------

    private enum Outcome {
        RETRY,
        STOP,
        AUTH_FAILED
    }

    private record Attempt(Outcome outcome, Duration retryAfter, boolean healthy) {
        static Attempt retry(boolean healthy) {
            return new Attempt(Outcome.RETRY, null, healthy);
        }
    }

    private void runStream() {
        try {
            while (!closed) {
                Attempt attempt = connectOnce();
                if (closed) {
                    return;
                }
                if (attempt.outcome() == Outcome.STOP) {
                    signal(StreamState.STOPPED);
                    return;
                }
                if (attempt.outcome() == Outcome.AUTH_FAILED) {
                    signal(StreamState.AUTH_FAILED);
                    runAuthFailureCallbacks();
                    return;
                }
                if (attempt.healthy()) {
                    backoff.reset();
                }
                Duration delay = attempt.retryAfter() != null ? attempt.retryAfter() : backoff.next();
                signal(StreamState.BACKING_OFF);
                LOG.atDebug().addKeyValue("delay_ms", delay.toMillis()).log("event stream reconnect scheduled");
                if (!sleep(delay)) {
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.atError().addKeyValue("error", e.toString()).log("event stream thread failed");
            signal(StreamState.STOPPED);
            throw e;
        }
    }

    private Attempt connectOnce() {
        HttpGet get = new HttpGet(eventsUri);
        AuthorizationHeader authorization = new AuthorizationHeader(token);
        get.addHeader(authorization);
        get.addHeader(HttpHeaders.ACCEPT, "text/event-stream");
        get.addHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        String resumeFrom = lastEventId;
        if (!resumeFrom.isEmpty()) {
            get.addHeader("Last-Event-ID", resumeFrom);
        }
        current = get;
        if (closed) {
            return Attempt.retry(false);
        }
        signal(StreamState.CONNECTING);
        attempts.incrementAndGet();
        ClassicHttpResponse response = null;
        long openedAt = -1;
        try {
            response = client.http().executeOpen(null, get, null);
            Attempt refusal = checkAnswer(response, authorization);
            if (refusal != null) {
                return refusal;
            }
            openedAt = System.nanoTime();
            connections.incrementAndGet();
            markUp();
            LOG.atInfo().addKeyValue("last_event_id", resumeFrom).log("event stream connected");
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
            if (!closed) {
                LOG.atWarn().addKeyValue("error", e.toString()).log("event stream connection failed");
            }
        } finally {
            // Abort rather than close: closing would read an endless body to the end to reuse the connection.
            get.cancel();
            HttpControlPlane.closeQuietly(response);
            current = null;
            if (openedAt >= 0) {
                markDown();
            }
        }
        boolean healthy = openedAt >= 0
                && System.nanoTime() - openedAt >= timing.healthyAfter().toNanos();
        return Attempt.retry(healthy);
    }

    /** Null when the answer is a usable event stream, else what to do about it. */
    private Attempt checkAnswer(ClassicHttpResponse response, AuthorizationHeader sent) {
        int status = response.getCode();
        if (status == 200) {
            Header type = response.getFirstHeader(HttpHeaders.CONTENT_TYPE);
            if (type == null || !isEventStream(type.getValue()) || response.getEntity() == null) {
                LOG.atWarn()
                        .addKeyValue("content_type", type == null ? "" : type.getValue())
                        .log("event stream answered without Content-Type text/event-stream; reconnecting");
                return Attempt.retry(false);
            }
            return null;
        }
        ControlPlaneException error = ErrorMapping.forStatus("GET " + eventsUri.getPath(), response, Clock.systemUTC());
        switch (status) {
            case 204 -> {
                LOG.atInfo().addKeyValue("status", status).log("control plane ended the event stream for good");
                return new Attempt(Outcome.STOP, null, false);
            }
            case 401 -> {
                if (!sent.getValue().equals(token.headerValue())) {
                    // The token was replaced while this request was under way: the refusal is the old one's.
                    LOG.atInfo()
                            .addKeyValue("status", status)
                            .log("event stream refused a token replaced since; reconnecting with the current one");
                    return Attempt.retry(true);
                }
                LOG.atError().addKeyValue("status", status).log("event stream refused the token; stopping");
                return new Attempt(Outcome.AUTH_FAILED, null, false);
            }
            case 403, 404 -> {
                LOG.atError().addKeyValue("status", status).log("event stream refused for good; stopping");
                return new Attempt(Outcome.STOP, null, false);
            }
            default -> {
                Duration retryAfter =
                        error.retryAfter().map(this::atLeastMinRetry).orElse(null);
                LOG.atWarn()
                        .addKeyValue("status", status)
                        .addKeyValue("retry_after_s", retryAfter == null ? "" : String.valueOf(retryAfter.toSeconds()))
                        .log("event stream refused; reconnecting");
                return new Attempt(Outcome.RETRY, retryAfter, false);
            }
        }
    }

    private void read(HttpEntity entity) throws IOException, SseParseException {
        SseParser parser = new SseParser(new Listener(), timing.maxLineBytes(), timing.maxEventBytes(), lastEventId);
        byte[] buffer = new byte[16 * 1024];
        // Deliberately not closed here: closing the content stream reads the body to its end, and an event
        // stream has none, so a parser-limit error would hang this thread. connectOnce aborts the exchange.
        InputStream in = entity.getContent();
        try {
            int n;
            while (!closed && (n = in.read(buffer)) >= 0) {
                parser.feed(buffer, 0, n);
                lastEventId = parser.lastEventId();
            }
        } finally {
            lastEventId = parser.lastEventId();
        }
        parser.end();
    }

    private final class Listener implements SseListener {
        @Override
        public void onEvent(SseEvent event) {
            lastEventId = event.lastEventId();
            dispatcher.dispatch(event);
        }

        @Override
        public void onRetry(long millis) {
            backoff.setBase(atLeastMinRetry(Duration.ofMillis(millis)));
        }
    }

    private Duration atLeastMinRetry(Duration value) {
        return value.compareTo(timing.minRetry()) < 0 ? timing.minRetry() : value;
    }

    private static boolean isEventStream(String contentType) {
        try {
            return "text/event-stream"
                    .equalsIgnoreCase(ContentType.parse(contentType).getMimeType());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void runAuthFailureCallbacks() {
        for (Runnable callback : authFailureCallbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("error", e.toString()).log("auth-failure callback failed");
            }
        }
    }

    // ---- polling thread -------------------------------------------------------------------

    private void runPolling() {
        long lastPoll = Long.MIN_VALUE;
        lock.lock();
        try {
            while (!closed && !state.isTerminal()) {
                if (streamUp) {
                    polling = false;
                    changed.await();
                    continue;
                }
                long now = System.nanoTime();
                long due = downSinceNanos + timing.pollAfter().toNanos();
                if (lastPoll != Long.MIN_VALUE
                        && lastPoll + timing.pollInterval().toNanos() - due > 0) {
                    due = lastPoll + timing.pollInterval().toNanos();
                }
                if (due - now > 0) {
                    changed.awaitNanos(due - now);
                    continue;
                }
                polling = true;
                lock.unlock();
                try {
                    pollOnce();
                } finally {
                    lock.lock();
                }
                lastPoll = System.nanoTime();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            polling = false;
            lock.unlock();
        }
    }

    private void pollOnce() throws InterruptedException {
        LOG.atInfo().log("event stream down; polling node state");
        List<Peer> peers;
        try {
            peers = pollingSource.listPeers(nodeId);
        } catch (ControlPlaneException | RuntimeException e) {
            LOG.atWarn().addKeyValue("error", e.getMessage()).log("polling node state failed");
            return;
        }
        polls.incrementAndGet();
        if (!closed) {
            dispatcher.deliverSnapshot(peers);
        }
    }

    // ---- shared state ---------------------------------------------------------------------

    private void markUp() {
        lock.lock();
        try {
            streamUp = true;
            state = StreamState.CONNECTED;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void markDown() {
        lock.lock();
        try {
            streamUp = false;
            downSinceNanos = System.nanoTime();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void signal(StreamState next) {
        lock.lock();
        try {
            if (state != StreamState.CLOSED) {
                state = next;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps unless closed first; false when closed. */
    private boolean sleep(Duration delay) {
        long remaining = delay.toNanos();
        lock.lock();
        try {
            while (!closed && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        return !closed;
    }

    private static void join(Thread thread) {
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(JOIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.atWarn().addKeyValue("thread", thread.getName()).log("event stream thread did not stop in time");
        }
    }
}
