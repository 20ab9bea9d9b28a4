package io.peerexchange.domain;

import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.Limits;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerLister;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Control-plane peer id → WireGuard public key. The control plane names peers by id, WireGuard by
 * key. Loaded from the node state, refreshed when an unknown id shows up (at most once per
 * {@link #MIN_RELOAD_INTERVAL}, so a stream of bogus ids cannot hammer the control plane), and
 * updated from event payloads.
 */
public final class PeerDirectory {
    private static final ComponentLogger LOG = ComponentLogger.of(PeerDirectory.class, Component.EXCHANGE);
    static final Duration MIN_RELOAD_INTERVAL = Duration.ofSeconds(10);

    private final PeerLister lister;
    private final NodeId nodeId;
    private final Clock clock;
    private final Map<NodeId, WireGuardKey> keys = new ConcurrentHashMap<>();
    private final Object reloadLock = new Object();
    private Instant lastReload = Instant.MIN;

    public PeerDirectory(PeerLister lister, NodeId nodeId, Clock clock) {
        this.lister = lister;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    /** Replaces the directory with the node state's peers. */
    public void load() throws ControlPlaneException, InterruptedException {
        synchronized (reloadLock) {
            lastReload = clock.instant();
            Collection<Peer> peers = lister.listPeers(nodeId);
            Map<NodeId, WireGuardKey> fresh = new ConcurrentHashMap<>();
            for (Peer peer : peers) {
                fresh.put(peer.id(), peer.publicKey());
            }
            keys.keySet().retainAll(fresh.keySet());
            keys.putAll(fresh);
            LOG.atDebug().addKeyValue("peers", keys.size()).log("peer directory loaded");
        }
    }

    /**
     * Learns or updates one peer's key (from an event payload). A known id is always updated; a new one
     * is learned only while the directory holds fewer than {@link Limits#MAX_PEERS}, so that a stream of events
     * naming ever new peers cannot grow the agent's heap without bound (the next reload starts afresh).
     */
    public void put(Peer peer) {
        if (keys.containsKey(peer.id()) || keys.size() < Limits.MAX_PEERS) {
            keys.put(peer.id(), peer.publicKey());
            return;
        }
        LOG.atWarn()
                .addKeyValue("peer_id", peer.id())
                .addKeyValue("max_peers", Limits.MAX_PEERS)
                .log("peer directory full; not learning a new peer from an event");
    }

    public Optional<WireGuardKey> keyOf(NodeId peerId) {
        return Optional.ofNullable(keys.get(peerId));
    }

    public int size() {
        return keys.size();
    }

    /**
     * Reloads because {@code unknownId} is not known, unless a reload happened very recently.
     *
     * @return whether a reload was attempted and succeeded
     */
    boolean reloadFor(NodeId unknownId) throws InterruptedException {
        synchronized (reloadLock) {
            Instant now = clock.instant();
            if (lastReload != Instant.MIN && Duration.between(lastReload, now).compareTo(MIN_RELOAD_INTERVAL) < 0) {
                return false;
            }
            try {
                load();
                return true;
            } catch (ControlPlaneException e) {
                LOG.atWarn()
                        .addKeyValue("peer_id", unknownId)
                        .addKeyValue("error", e.getMessage())
                        .log("peer directory reload failed");
                return false;
            }
        }
    }
}
