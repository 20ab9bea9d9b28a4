package io.peerexchange.adapters.controlplane.events;

import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.adapters.controlplane.http.ControlPlaneSettings;
import io.peerexchange.adapters.controlplane.http.HttpClients5;
import io.peerexchange.adapters.controlplane.http.ProtocolPaths;
import io.peerexchange.adapters.controlplane.http.TokenRefresh;
import io.peerexchange.adapters.controlplane.sse.SseEvent;
import io.peerexchange.adapters.controlplane.sse.SseListener;
import io.peerexchange.adapters.controlplane.sse.SseParser;
import io.peerexchange.ports.EventHandler;
import io.peerexchange.ports.EventSubscriptions;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.PeerLister;
import io.peerexchange.ports.ReconcileReason;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import io.peerexchange.ports.telemetry.AgentMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;

/**
 * The control plane's event stream ({@code GET /v1/nodes/{id}/events}, docs/PROTOCOL.md#events) on
 * HttpClient 5's classic API with a pool of its own, so a stream that is always open never takes a
 * connection the calls need.
 *
 * <p>This class is the lifecycle and the reconnect policy (docs/PROTOCOL.md#reconnect): one thread
 * runs a {@link ConnectionAttempt} after another, backs off between them, honours {@code retry:}
 * and {@code Retry-After}, and stops for good on 204/403/404. On 401 it asks the
 * {@link TokenRefresh} for a newer token and reconnects with it; without one it stops and calls the
 * auth-failure callbacks. A second thread runs the {@link PollingFallback}. The {@link SseParser}
 * lives as long as the stream, so the last event id it saw is what the next attempt resumes from.
 * {@link #close()} aborts the open connection (it never drains an endless body) and joins both.
 */
public final class SseEventStream implements EventSubscriptions, AutoCloseable {
    private static final ComponentLogger LOG = ComponentLogger.of(SseEventStream.class, Component.CONTROLPLANE);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final StreamSettings timing;
    private final TokenRefresh tokenRefresh;
    private final EventDispatcher dispatcher;
    private final HttpClients5.Client client;
    private final Backoff backoff;
    private final SseParser parser;
    private final StreamHealth health = new StreamHealth();
    private final ConnectionAttempt attempt;
    private final List<Runnable> authFailureCallbacks = new CopyOnWriteArrayList<>();
    private final Thread streamThread;
    private final Thread pollThread;

    /** A stream whose 401 is always final. */
    public SseEventStream(
            ControlPlaneSettings settings,
            BearerToken token,
            NodeId nodeId,
            PeerLister pollingSource,
            Optional<EventVerifier> verifier,
            StreamSettings timing) {
        this(settings, token, TokenRefresh.NONE, nodeId, pollingSource, verifier, timing);
    }

    /** A stream that counts nothing. */
    public SseEventStream(
            ControlPlaneSettings settings,
            BearerToken token,
            TokenRefresh tokenRefresh,
            NodeId nodeId,
            PeerLister pollingSource,
            Optional<EventVerifier> verifier,
            StreamSettings timing) {
        this(settings, token, tokenRefresh, nodeId, pollingSource, verifier, timing, AgentMetrics.NONE);
    }

    /**
     * @param tokenRefresh  asked for a newer token when the server answers 401
     * @param pollingSource read while the stream is down, see {@link PollingFallback}
     * @param metrics       counts the events refused before any handler, by reason
     */
    public SseEventStream(
            ControlPlaneSettings settings,
            BearerToken token,
            TokenRefresh tokenRefresh,
            NodeId nodeId,
            PeerLister pollingSource,
            Optional<EventVerifier> verifier,
            StreamSettings timing,
            AgentMetrics metrics) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(pollingSource, "pollingSource");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.tokenRefresh = Objects.requireNonNull(tokenRefresh, "tokenRefresh");
        this.dispatcher = new EventDispatcher(verifier, metrics);
        this.client = HttpClients5.build(settings, 1, timing.connectTimeout(), timing.idleTimeout(), false);
        this.backoff = new Backoff(
                timing.baseDelay(),
                timing.multiplier(),
                timing.maxDelay(),
                timing.jitter(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.parser = new SseParser(new Listener(), timing.maxLineBytes(), timing.maxEventBytes(), "");
        this.attempt = new ConnectionAttempt(
                settings.resolve(ProtocolPaths.ofNode(nodeId, "events")),
                token,
                client,
                timing,
                parser,
                health,
                () -> dispatcher.requestReconcile(ReconcileReason.STREAM_RECONNECTED));
        PollingFallback polling = new PollingFallback(nodeId, pollingSource, dispatcher, timing, health);
        this.streamThread = daemon("controlplane-sse-" + nodeId.value(), this::runStream);
        this.pollThread = daemon("controlplane-poll-" + nodeId.value(), polling::run);
    }

    @Override
    public void onPeerEndpointChanged(EventHandler<Peer> handler) {
        dispatcher.onPeerEndpointChanged(handler);
    }

    @Override
    public void onPeerEndpointChangedById(EventHandler<PeerEndpoint> handler) {
        dispatcher.onPeerEndpointChangedById(handler);
    }

    @Override
    public void onPeerAdded(EventHandler<Peer> handler) {
        dispatcher.onPeerAdded(handler);
    }

    @Override
    public void onPeerRemoved(EventHandler<NodeId> handler) {
        dispatcher.onPeerRemoved(handler);
    }

    @Override
    public void onPeerKeyRotated(EventHandler<Peer> handler) {
        dispatcher.onPeerKeyRotated(handler);
    }

    @Override
    public void onPeerSnapshot(EventHandler<List<Peer>> handler) {
        dispatcher.onPeerSnapshot(handler);
    }

    @Override
    public void onReconcileRequested(EventHandler<ReconcileReason> handler) {
        dispatcher.onReconcileRequested(handler);
    }

    /**
     * Runs on the stream thread when the server answers 401 and the {@link TokenRefresh} has no newer
     * token; the stream has stopped for good by then.
     */
    public void onAuthFailure(Runnable callback) {
        authFailureCallbacks.add(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Starts the stream and the polling fallback on their own threads and returns at once.
     *
     * @throws IllegalStateException when closed or started before
     */
    public void start() {
        if (!health.start()) {
            throw new IllegalStateException(
                    health.isClosed() ? "event stream is closed" : "event stream was started already");
        }
        streamThread.start();
        pollThread.start();
    }

    /** Stops at once: aborts the open connection, wakes both threads and joins them. Idempotent. */
    @Override
    public void close() {
        Cancellable request = health.close();
        if (request != null) {
            request.cancel();
        }
        streamThread.interrupt();
        pollThread.interrupt();
        join(streamThread);
        join(pollThread);
        client.http().close(CloseMode.IMMEDIATE);
    }

    /**
     * Waits, at most {@code timeout}, until the stream's first attempt has settled: connected, backing
     * off after a failure, or stopped for good. What this node learns after it from the control plane
     * reaches it as events.
     *
     * @return whether the stream has connected
     * @throws InterruptedException when the calling thread is interrupted
     */
    public boolean awaitFirstAttempt(Duration timeout) throws InterruptedException {
        return health.awaitFirstAttempt(timeout);
    }

    public StreamState state() {
        return health.state();
    }

    /**
     * Why the stream counts as down, for the node's health: it stopped for good, or it has not been
     * connected for longer than {@code grace} (a reconnect within it is ordinary). Empty while up, and
     * before {@link #start()}.
     */
    public Optional<String> downReason(Duration grace) {
        StreamHealth.Snapshot now = health.snapshot();
        if (now.state() == StreamState.NEW || now.up()) {
            return Optional.empty();
        }
        if (now.state().isTerminal()) {
            return Optional.of("event stream stopped (" + now.state().name().toLowerCase(Locale.ROOT) + ")");
        }
        long downNanos = System.nanoTime() - now.downSinceNanos();
        if (downNanos <= grace.toNanos()) {
            return Optional.empty();
        }
        return Optional.of("event stream down for " + TimeUnit.NANOSECONDS.toSeconds(downNanos) + " s"
                + (health.isPolling() ? ", polling the node state" : ""));
    }

    /** Whether the polling fallback is active (the stream has been down for too long). */
    public boolean isPolling() {
        return health.isPolling();
    }

    /** The last event id, sent as {@code Last-Event-ID} on reconnect; "" when none. */
    public String lastEventId() {
        return parser.lastEventId();
    }

    /** Streams opened successfully (200 with {@code text/event-stream}). */
    public long connectionCount() {
        return health.connections();
    }

    /** Connection attempts, successful or not. */
    public long attemptCount() {
        return health.attempts();
    }

    /** Completed polls of the node state. */
    public long pollCount() {
        return health.polls();
    }

    PoolStats poolStats() {
        return client.pool().getTotalStats();
    }

    private void runStream() {
        try {
            while (!health.isClosed()) {
                ConnectionAttempt.Ending ending = attempt.run();
                if (health.isClosed() || !continueAfter(ending)) {
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.atError().addKeyValue("error", e.toString()).log("event stream thread failed");
            health.enter(StreamState.STOPPED);
            throw e;
        }
    }

    /** The reconnect policy for how an attempt ended; false when the stream stops for good. */
    private boolean continueAfter(ConnectionAttempt.Ending ending) {
        if (!ending.refused()) {
            return backOff(ending.healthy(), Optional.empty());
        }
        int status = ending.status();
        switch (status) {
            case 204 -> {
                LOG.atInfo().addKeyValue("status", status).log("control plane ended the event stream for good");
                health.enter(StreamState.STOPPED);
                return false;
            }
            case 401 -> {
                if (ending.tokenReplacedSince()) {
                    // The token was replaced while this request was under way: the refusal is the old one's.
                    LOG.atInfo()
                            .addKeyValue("status", status)
                            .log("event stream refused a token replaced since; reconnecting with the current one");
                    return backOff(true, Optional.empty());
                }
                LOG.atError().addKeyValue("status", status).log("event stream refused the token; stopping");
                return reconnectWithFresherToken();
            }
            case 403, 404 -> {
                LOG.atError().addKeyValue("status", status).log("event stream refused for good; stopping");
                health.enter(StreamState.STOPPED);
                return false;
            }
            default -> {
                Optional<Duration> retryAfter = ending.retryAfter().map(timing::atLeastMinRetry);
                LOG.atWarn()
                        .addKeyValue("status", status)
                        .addKeyValue(
                                "retry_after_s",
                                retryAfter
                                        .map(d -> String.valueOf(d.toSeconds()))
                                        .orElse(""))
                        .log("event stream refused; reconnecting");
                return backOff(false, retryAfter);
            }
        }
    }

    /** Waits before the next attempt; false when closed meanwhile. */
    private boolean backOff(boolean healthy, Optional<Duration> retryAfter) {
        if (healthy) {
            backoff.reset();
        }
        Duration delay = retryAfter.orElseGet(backoff::next);
        health.enter(StreamState.BACKING_OFF);
        LOG.atDebug().addKeyValue("delay_ms", delay.toMillis()).log("event stream reconnect scheduled");
        return health.sleep(delay);
    }

    /**
     * After a 401 for the current token: a rotated token is the usual cause, so with a newer one the
     * stream begins again at once; without one the agent cannot work and the callbacks say so.
     */
    private boolean reconnectWithFresherToken() {
        if (fresherToken()) {
            LOG.atInfo().log("event stream restarting with the reloaded token");
            backoff.reset();
            health.restart();
            return true;
        }
        health.enter(StreamState.AUTH_FAILED);
        for (Runnable callback : authFailureCallbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("error", e.toString()).log("auth-failure callback failed");
            }
        }
        return false;
    }

    private boolean fresherToken() {
        try {
            return tokenRefresh.refresh();
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("error", e.toString()).log("auth-failure callback failed");
            return false;
        }
    }

    /** Runs on the stream thread, inside {@link SseParser#feed}. */
    private final class Listener implements SseListener {
        @Override
        public void onEvent(SseEvent event) {
            dispatcher.dispatch(event);
        }

        @Override
        public void onRetry(long millis) {
            backoff.setBase(timing.atLeastMinRetry(Duration.ofMillis(millis)));
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void join(Thread thread) {
        if (thread == Thread.currentThread()) {
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
