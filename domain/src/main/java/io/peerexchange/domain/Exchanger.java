package io.peerexchange.domain;

import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointReporter;
import io.peerexchange.ports.EventSubscriptions;
import io.peerexchange.ports.NatInfo;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.WireGuardKey;
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
    /** How long close() waits for the port mapper's thread before releasing the mapping itself. */
    private static final Duration PORT_MAPPER_STOP_BUDGET = Duration.ofMillis(1500);

    private final Config config;
    private final Discoverer discoverer;
    private final EndpointReporter reporter;
    private final PeerEndpointApplier applier;
    private final PeerEventBatcher events;
    private final PeerDirectory directory;
    private final Reconciler reconciler;
    private final Optional<PortMappingKeeper> portMapping;
    private final Object runLock = new Object();
    private Thread runner;
    private Thread portMapper;
    private boolean closed;

    public Exchanger(Config config, Discoverer discoverer, EndpointReporter reporter, PeerEndpointApplier applier) {
        this(config, discoverer, reporter, applier, Optional.empty());
    }

    /**
     * @param portMapping keeps the WireGuard port mapped at the gateway while {@link #run} runs;
     *                    {@code discoverer} must read its {@link PortMappingKeeper#publicEndpoint()}
     */
    public Exchanger(
            Config config,
            Discoverer discoverer,
            EndpointReporter reporter,
            PeerEndpointApplier applier,
            Optional<PortMappingKeeper> portMapping) {
        this.portMapping = portMapping;
        this.config = config.applyDefaults();
        this.discoverer = discoverer;
        this.reporter = reporter;
        this.applier = applier;
        this.events = new PeerEventBatcher(applier);
        this.directory = applier.directory();
        this.reconciler = new Reconciler(directory, events);
    }

    /**
     * Registers the event handlers, NAT traversal enabled or not. Endpoints go to a {@link
     * PeerEventBatcher}, which applies them on its own thread, a burst in one WireGuard update; peer
     * lifecycle events keep the peer directory true (the agent never adds or removes WireGuard peers:
     * that is the interface owner's job); reconcile requests go to the {@link Reconciler}.
     */
    public void registerHandlers(EventSubscriptions subscriptions) {
        subscriptions.onPeerEndpointChanged(peer -> events.offer(List.of(peer)));
        subscriptions.onPeerEndpointChangedById(this::onEndpointById);
        subscriptions.onPeerAdded(this::onPeerAdded);
        subscriptions.onPeerRemoved(this::onPeerRemoved);
        subscriptions.onPeerKeyRotated(this::onPeerKeyRotated);
        subscriptions.onPeerSnapshot(peers -> {
            directory.replace(peers);
            events.offer(peers);
        });
        subscriptions.onReconcileRequested(reconciler::request);
        LOG.atDebug().log("SSE handler registered");
    }

    /** The reconcile loop and its triggers; its {@code run} goes on a thread of the caller's. */
    public Reconciler reconciler() {
        return reconciler;
    }

    private void onEndpointById(PeerEndpoint peer) throws InterruptedException {
        if (peer.endpoint().isEmpty() && peer.connectivity().isNone()) {
            return;
        }
        Optional<WireGuardKey> key = directory.keyOf(peer.peerId());
        if (key.isPresent()) {
            events.offer(
                    List.of(Peer.of(peer.peerId(), key.get(), peer.endpoint()).withConnectivity(peer.connectivity())));
        } else {
            events.offerById(List.of(peer));
        }
    }

    private void onPeerAdded(Peer peer) throws InterruptedException {
        directory.add(peer);
        LOG.atInfo().addKeyValue("peer_id", peer.id()).log("peer added");
        if (peer.endpoint().isPresent() || !peer.connectivity().isNone()) {
            events.offer(List.of(peer));
        }
    }

    private void onPeerRemoved(NodeId peerId) {
        boolean known = directory.remove(peerId);
        applier.choices().forget(peerId);
        LOG.atInfo().addKeyValue("peer_id", peerId).addKeyValue("known", known).log("peer removed");
    }

    private void onPeerKeyRotated(Peer peer) throws InterruptedException {
        Optional<WireGuardKey> previous = directory.keyOf(peer.id());
        Optional<Endpoint> endpoint = directory.rotate(peer);
        LOG.atInfo()
                .addKeyValue("peer_id", peer.id())
                .addKeyValue(
                        "previous_key", previous.map(WireGuardKey::toString).orElse(""))
                .addKeyValue("public_key", peer.publicKey())
                .log("peer key rotated");
        if (endpoint.isPresent() || !peer.connectivity().isNone()) {
            events.offer(List.of(Peer.of(peer.id(), peer.publicKey(), endpoint).withConnectivity(peer.connectivity())));
        }
    }

    /**
     * Runs discovery, reporting and refresh until {@link #close()} or an interrupt of this thread.
     * Returns at once when NAT traversal is disabled.
     *
     * @throws DiscoveryException when the first discovery fails on every server
     */
    public void run(NodeId nodeId) throws DiscoveryException {
        run(nodeId, ReportGate.OPEN);
    }

    /**
     * As {@link #run(NodeId)}, the first endpoint report going only once {@code firstReport} opens;
     * the first discovery runs at once.
     */
    public void run(NodeId nodeId, ReportGate firstReport) throws DiscoveryException {
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
            portMapping.ifPresent(this::startPortMapper);
        }
        LOG.atInfo().addKeyValue("node_id", nodeId).log("starting endpoint exchange");
        try {
            discoverer.run(nodeId, reporter, applier, firstReport);
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

    /** The port mapper runs beside discovery, so a gateway without any service costs start-up nothing. */
    private void startPortMapper(PortMappingKeeper keeper) {
        keeper.addListener(endpoint -> {
            try {
                discoverer.onMappingChanged();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread thread = new Thread(
                () -> {
                    try {
                        keeper.run();
                    } catch (InterruptedException e) {
                        // Stopping: close() releases the mapping.
                    }
                },
                "peerexchange-portmap");
        thread.setDaemon(true);
        thread.start();
        portMapper = thread;
    }

    /** The most recent NAT info for the heartbeat; empty before the first discovery. Thread-safe. */
    public Optional<NatInfo> lastResult() {
        return discoverer.lastResult();
    }

    /** Why the last endpoint refresh failed; empty when it succeeded. Thread-safe. */
    public Optional<String> lastDiscoveryFailure() {
        return discoverer.lastFailure();
    }

    /**
     * Stops {@link #run} (it returns promptly), releases the port mapping and stops the event
     * batcher. Idempotent.
     */
    @Override
    public void close() {
        Thread mapperThread;
        synchronized (runLock) {
            closed = true;
            if (runner != null) {
                runner.interrupt();
            }
            mapperThread = portMapper;
        }
        if (mapperThread != null) {
            mapperThread.interrupt();
            try {
                mapperThread.join(PORT_MAPPER_STOP_BUDGET.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        portMapping.ifPresent(PortMappingKeeper::close);
        if (!events.close(EVENTS_STOP_BUDGET)) {
            LOG.atWarn()
                    .addKeyValue("budget", EVENTS_STOP_BUDGET)
                    .log("event thread still writing to WireGuard after the stop budget");
        }
    }
}
