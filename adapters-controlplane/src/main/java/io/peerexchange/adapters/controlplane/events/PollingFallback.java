package io.peerexchange.adapters.controlplane.events;

import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerLister;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.util.List;

/**
 * The fallback for a stream that stays down: once none has been open for
 * {@link StreamSettings#pollAfter()}, reads the node state every {@link StreamSettings#pollInterval()}
 * and hands the peers to the snapshot handlers; idle while a stream is open. {@link #run()} is the
 * body of its own thread and returns when the stream stops for good, closes or the thread is interrupted.
 */
final class PollingFallback {
    private static final ComponentLogger LOG = ComponentLogger.of(PollingFallback.class, Component.CONTROLPLANE);

    private final NodeId nodeId;
    private final PeerLister source;
    private final EventDispatcher dispatcher;
    private final StreamSettings timing;
    private final StreamHealth health;

    PollingFallback(
            NodeId nodeId, PeerLister source, EventDispatcher dispatcher, StreamSettings timing, StreamHealth health) {
        this.nodeId = nodeId;
        this.source = source;
        this.dispatcher = dispatcher;
        this.timing = timing;
        this.health = health;
    }

    void run() {
        long lastPoll = Long.MIN_VALUE;
        try {
            while (true) {
                StreamHealth.Snapshot seen = health.snapshot();
                if (seen.state().isTerminal()) {
                    return;
                }
                if (seen.up()) {
                    health.polling(false);
                    health.awaitChange(seen, 0);
                    continue;
                }
                long now = System.nanoTime();
                long due = seen.downSinceNanos() + timing.pollAfter().toNanos();
                if (lastPoll != Long.MIN_VALUE
                        && lastPoll + timing.pollInterval().toNanos() - due > 0) {
                    due = lastPoll + timing.pollInterval().toNanos();
                }
                if (due - now > 0) {
                    health.awaitChange(seen, due - now);
                    continue;
                }
                health.polling(true);
                pollOnce();
                lastPoll = System.nanoTime();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            health.polling(false);
        }
    }

    private void pollOnce() throws InterruptedException {
        LOG.atInfo().log("event stream down; polling node state");
        List<Peer> peers;
        try {
            peers = source.listPeers(nodeId);
        } catch (ControlPlaneException | RuntimeException e) {
            LOG.atWarn().addKeyValue("error", e.getMessage()).log("polling node state failed");
            return;
        }
        health.polled();
        if (!health.isClosed()) {
            dispatcher.deliverSnapshot(peers);
        }
    }
}
