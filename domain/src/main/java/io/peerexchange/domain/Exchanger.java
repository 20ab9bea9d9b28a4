package io.peerexchange.domain;

import io.peerexchange.ports.EndpointReporter;
import io.peerexchange.ports.EventSubscriptions;
import io.peerexchange.ports.NatInfo;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The endpoint exchange lifecycle: registers the peer-endpoint event handlers (always, so a node
 * without NAT traversal still follows its peers) and runs the discovery loop when enabled.
 */
public final class Exchanger implements AutoCloseable {
    private static final ComponentLogger LOG = ComponentLogger.of(Exchanger.class, Component.EXCHANGE);
    private static final Duration EVENTS_STOP_BUDGET = Duration.ofMillis(500);

    private final Config config;
    private final Discoverer discoverer;
    private final EndpointReporter reporter;
    private final PeerEndpointApplier applier;
    private final PeerEventBatcher events;
    private final Object runLock = new Object();
    private Thread runner;
    private boolean closed;

    public Exchanger(Config config, Discoverer discoverer, EndpointReporter reporter, PeerEndpointApplier applier) {
        this.config = config.applyDefaults();
        this.discoverer = discoverer;
        this.reporter = reporter;
        this.applier = applier;
        this.events = new PeerEventBatcher(applier);
    }

    /**
     * Registers the {@code peer_endpoint_changed} handler (and the polling snapshot handler), enabled
     * or not. Both hand their peers to a {@link PeerEventBatcher}, which applies them on its own
     * thread, a burst in one WireGuard update.
     */
    public void registerHandlers(EventSubscriptions subscriptions) {
        subscriptions.onPeerEndpointChanged(peer -> events.offer(List.of(peer)));
        subscriptions.onPeerSnapshot(events::offer);
        LOG.atDebug().log("SSE handler registered");
    }

    /**
     * Runs discovery, reporting and refresh until {@link #close()} or an interrupt of this thread.
     * Returns at once when NAT traversal is disabled.
     *
     * @throws DiscoveryException when the first discovery fails on every server
     */
    public void run(NodeId nodeId) throws DiscoveryException {
        if (!config.enabled()) {
            LOG.atInfo().log("NAT traversal disabled");
            return;
        }
        synchronized (runLock) {
            if (closed) {
                return;
            }
            if (runner != null) {
                throw new IllegalStateException("already running");
            }
            runner = Thread.currentThread();
        }
        LOG.atInfo().addKeyValue("node_id", nodeId).log("starting endpoint exchange");
        try {
            discoverer.run(nodeId, reporter, applier);
        } catch (InterruptedException e) {
            boolean byClose;
            synchronized (runLock) {
                byClose = closed;
            }
            if (!byClose) {
                // Interrupted by someone else: keep the flag for them.
                Thread.currentThread().interrupt();
            }
        } finally {
            synchronized (runLock) {
                runner = null;
                if (closed) {
                    // close() interrupted us; do not leak that interrupt to the caller's next blocking call.
                    Thread.interrupted();
                }
            }
        }
        LOG.atInfo().log("endpoint exchange stopped");
    }

    /** The most recent NAT info for the heartbeat; empty before the first discovery. Thread-safe. */
    public Optional<NatInfo> lastResult() {
        return discoverer.lastResult();
    }

    /** Stops {@link #run} (it returns promptly) and the event batcher. Idempotent. */
    @Override
    public void close() {
        synchronized (runLock) {
            closed = true;
            if (runner != null) {
                runner.interrupt();
            }
        }
        if (!events.close(EVENTS_STOP_BUDGET)) {
            LOG.atWarn()
                    .addKeyValue("budget", EVENTS_STOP_BUDGET)
                    .log("event thread still writing to WireGuard after the stop budget");
        }
    }
}
