package io.peerexchange.domain;

import io.peerexchange.ports.Limits;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Applies peers from control-plane events on a thread of its own, coalescing what arrives while a
 * write is under way into the next one.
 *
 * <p>Every WireGuard update reads the whole device first, so on an interface with thousands of peers
 * one update costs tens of milliseconds whatever its size. Applying a burst of events one by one
 * would cost that once per event and let the event stream fall behind; here the events that arrive
 * during one update are applied together by the next, so a burst costs two updates, not hundreds.
 * The latest endpoint of a peer wins. The event thread only enqueues, and blocks only when
 * {@code maxPending} distinct peers are waiting (back-pressure instead of unbounded memory).
 */
public final class PeerEventBatcher implements AutoCloseable {
    private static final ComponentLogger LOG = ComponentLogger.of(PeerEventBatcher.class, Component.NAT);
    static final String THREAD_NAME = "peerexchange-events";

    /** As many distinct peers as the peer directory holds at most. */
    public static final int DEFAULT_MAX_PENDING = Limits.MAX_PEERS;

    private final PeerEndpointApplier applier;
    private final int maxPending;
    private final Object lock = new Object();
    private LinkedHashMap<WireGuardKey, Peer> pending = new LinkedHashMap<>();
    /** Endpoints of peers named by id whose key the directory did not know when they arrived. */
    private LinkedHashMap<NodeId, PeerEndpoint> unresolved = new LinkedHashMap<>();

    private Thread worker;
    private boolean closed;

    public PeerEventBatcher(PeerEndpointApplier applier) {
        this(applier, DEFAULT_MAX_PENDING);
    }

    public PeerEventBatcher(PeerEndpointApplier applier, int maxPending) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, got " + maxPending);
        }
        this.applier = applier;
        this.maxPending = maxPending;
    }

    /**
     * Queues peers for the next update and returns; waits only while the queue is full. Ignored
     * after {@link #close()}.
     */
    public void offer(List<Peer> peers) throws InterruptedException {
        synchronized (lock) {
            ensureWorker();
            for (Peer peer : peers) {
                while (!closed && queued() >= maxPending && !pending.containsKey(peer.publicKey())) {
                    lock.notifyAll();
                    lock.wait();
                }
                if (closed) {
                    LOG.atDebug().addKeyValue("peers", peers.size()).log("peer event ignored: stopping");
                    return;
                }
                // Remove first so that the order of the batch follows the order of the latest events.
                pending.remove(peer.publicKey());
                pending.put(peer.publicKey(), peer);
            }
            lock.notifyAll();
        }
    }

    /**
     * Queues endpoints of peers named by id only, whose key the worker looks up (reloading the node
     * state once for ids it does not know) before the next update. Waits and is ignored like {@link
     * #offer}.
     */
    public void offerById(List<PeerEndpoint> peers) throws InterruptedException {
        synchronized (lock) {
            ensureWorker();
            for (PeerEndpoint peer : peers) {
                while (!closed && queued() >= maxPending && !unresolved.containsKey(peer.peerId())) {
                    lock.notifyAll();
                    lock.wait();
                }
                if (closed) {
                    LOG.atDebug().addKeyValue("peers", peers.size()).log("peer event ignored: stopping");
                    return;
                }
                unresolved.remove(peer.peerId());
                unresolved.put(peer.peerId(), peer);
            }
            lock.notifyAll();
        }
    }

    /** Peers queued and not yet handed to WireGuard. */
    public int pending() {
        synchronized (lock) {
            return queued();
        }
    }

    private int queued() {
        return pending.size() + unresolved.size();
    }

    private void ensureWorker() {
        if ((worker == null || !worker.isAlive()) && !closed) {
            // Before the first wait of an offer: a first offer larger than the queue needs the worker draining it.
            // A worker killed by an Error (the batch failure log says which) is replaced here.
            worker = new Thread(this::drain, THREAD_NAME);
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void drain() {
        while (true) {
            List<Peer> batch;
            List<PeerEndpoint> byId;
            synchronized (lock) {
                while (!closed && queued() == 0) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // Only close() interrupts this thread; the loop condition sees it.
                    }
                }
                if (closed) {
                    return;
                }
                batch = new ArrayList<>(pending.values());
                pending = new LinkedHashMap<>();
                byId = new ArrayList<>(unresolved.values());
                unresolved = new LinkedHashMap<>();
                lock.notifyAll();
            }
            try {
                if (!batch.isEmpty()) {
                    applier.applyPeers(batch);
                }
                if (!byId.isEmpty()) {
                    applier.applyEventsById(byId);
                }
            } catch (InterruptedException e) {
                // Only close() interrupts this thread: stopping.
                return;
            } catch (RuntimeException e) {
                LOG.atError()
                        .addKeyValue("peers", batch.size() + byId.size())
                        .setCause(e)
                        .log("peer event batch failed");
            } catch (Error e) {
                // The thread ends; the next offer starts another one.
                LOG.atError()
                        .addKeyValue("peers", batch.size() + byId.size())
                        .setCause(e)
                        .log("peer event batch failed; restarting the event thread");
                throw e;
            }
        }
    }

    /**
     * Stops the worker: an update under way is interrupted, queued peers are dropped (the next
     * start learns them from the control plane), and a blocked {@link #offer} returns. Waits up to
     * {@code timeout} for the worker to end; idempotent.
     *
     * @return whether the worker has ended
     */
    public boolean close(Duration timeout) {
        Thread running;
        int dropped;
        synchronized (lock) {
            closed = true;
            dropped = queued();
            pending = new LinkedHashMap<>();
            unresolved = new LinkedHashMap<>();
            running = worker;
            lock.notifyAll();
        }
        if (dropped > 0) {
            LOG.atDebug().addKeyValue("peers", dropped).log("queued peer events dropped: stopping");
        }
        if (running == null || running == Thread.currentThread()) {
            return true;
        }
        running.interrupt();
        try {
            running.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeout.toNanos())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !running.isAlive();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(1));
    }
}
