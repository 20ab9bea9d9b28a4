package io.peerexchange.domain;

import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.ReconcileReason;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fetches the node state and applies it: the peer directory takes its keys, WireGuard its endpoints
 * (through the event batcher, so a reconcile and a burst of events make one update, with the same
 * write-only-what-changed and live-path rules). Runs at start, every interval, and whenever asked: a
 * heartbeat answer, a {@code node_state_updated} event, the event stream coming back. Requests that
 * arrive while one runs are coalesced into one more.
 */
public final class Reconciler {
    private static final ComponentLogger LOG = ComponentLogger.of(Reconciler.class, Component.EXCHANGE);
    /** plexd's reconcile period. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

    private final PeerDirectory directory;
    private final PeerEventBatcher events;
    private final Object lock = new Object();
    private ReconcileReason requested;

    Reconciler(PeerDirectory directory, PeerEventBatcher events) {
        this.directory = directory;
        this.events = events;
    }

    /** Asks the {@link #run} loop for a reconcile now; returns at once. Thread-safe. */
    public void request(ReconcileReason reason) {
        synchronized (lock) {
            if (requested == null) {
                requested = reason;
            }
            lock.notifyAll();
        }
    }

    /**
     * One reconcile on the calling thread.
     *
     * @return how many peers the node state lists
     * @throws ControlPlaneException when the node state cannot be fetched (nothing is changed)
     */
    public int reconcileNow(ReconcileReason reason) throws ControlPlaneException, InterruptedException {
        List<Peer> peers = directory.load();
        // A peer with candidates but no endpoint yet still starts its connectivity checks.
        List<Peer> withEndpoints = peers.stream()
                .filter(p -> p.endpoint().isPresent() || !p.connectivity().isNone())
                .toList();
        if (!withEndpoints.isEmpty()) {
            events.offer(withEndpoints);
        }
        LOG.atDebug()
                .addKeyValue("reason", reason)
                .addKeyValue("peers", peers.size())
                .addKeyValue("endpoints", withEndpoints.size())
                .log("node state reconciled");
        return peers.size();
    }

    /**
     * Reconciles every {@code interval} and on each {@link #request}, until the thread is interrupted.
     * A failed reconcile is logged and tried again at the next occasion.
     */
    public void run(Duration interval) throws InterruptedException {
        checkInterval(interval);
        while (true) {
            ReconcileReason reason = awaitNext(interval);
            try {
                reconcileNow(reason);
            } catch (ControlPlaneException e) {
                LOG.atWarn()
                        .addKeyValue("reason", reason)
                        .addKeyValue("error", e.getMessage())
                        .addKeyValue("kind", e.kind())
                        .log("reconcile failed; the node state is fetched again at the next reconcile");
            }
        }
    }

    /**
     * @return {@code interval}
     * @throws InvalidConfigException when it is not positive
     */
    public static Duration checkInterval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new InvalidConfigException(ConfigField.RECONCILE_INTERVAL, "ReconcileInterval must be positive");
        }
        return interval;
    }

    private ReconcileReason awaitNext(Duration interval) throws InterruptedException {
        long deadline = System.nanoTime() + interval.toNanos();
        synchronized (lock) {
            while (requested == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return ReconcileReason.INTERVAL;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            ReconcileReason reason = requested;
            requested = null;
            return reason;
        }
    }
}
