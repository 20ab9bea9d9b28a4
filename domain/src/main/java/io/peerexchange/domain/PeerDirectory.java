package io.peerexchange.domain;

import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.Endpoint;
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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Control-plane peer id → WireGuard public key. The control plane names peers by id, WireGuard by
 * key. Loaded from the node state, refreshed when an unknown id shows up (at most once per
 * {@link #MIN_RELOAD_INTERVAL}, so a stream of bogus ids cannot hammer the control plane), and
 * updated from events: endpoint changes and {@code peer_added} learn a peer, {@code
 * peer_key_rotated} replaces its key, {@code peer_removed} forgets it.
 *
 * <p>It also remembers the last endpoint the control plane gave for each peer, so that a key
 * rotation carries the endpoint over to the new key, and the ids of removed peers, so that a late
 * endpoint event cannot bring a removed peer back (only the node state or {@code peer_added} can).
 */
public final class PeerDirectory {
    private static final ComponentLogger LOG = ComponentLogger.of(PeerDirectory.class, Component.EXCHANGE);
    static final Duration MIN_RELOAD_INTERVAL = Duration.ofSeconds(10);

    private final PeerLister lister;
    private final NodeId nodeId;
    private final Clock clock;
    private final Object lock = new Object();
    private final Map<NodeId, WireGuardKey> keys = new HashMap<>();
    private final Map<NodeId, Endpoint> endpoints = new HashMap<>();
    /** Insertion order, so that the oldest removal is forgotten first when the set is full. */
    private final Set<NodeId> removed = new LinkedHashSet<>();

    private final Object reloadLock = new Object();
    private Instant lastReload = Instant.MIN;

    public PeerDirectory(PeerLister lister, NodeId nodeId, Clock clock) {
        this.lister = lister;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    /**
     * Replaces the directory with the node state's peers and returns them (their endpoints are what a
     * reconcile applies).
     */
    public List<Peer> load() throws ControlPlaneException, InterruptedException {
        synchronized (reloadLock) {
            lastReload = clock.instant();
            List<Peer> peers = lister.listPeers(nodeId);
            replace(peers);
            LOG.atDebug().addKeyValue("peers", size()).log("peer directory loaded");
            return peers;
        }
    }

    /** Replaces the directory with a full peer list (the node state, or the polling fallback's copy of it). */
    public void replace(Collection<Peer> peers) {
        Map<NodeId, WireGuardKey> fresh = new HashMap<>();
        for (Peer peer : peers) {
            if (fresh.size() < Limits.MAX_PEERS || fresh.containsKey(peer.id())) {
                fresh.put(peer.id(), peer.publicKey());
            }
        }
        synchronized (lock) {
            keys.clear();
            keys.putAll(fresh);
            endpoints.keySet().retainAll(fresh.keySet());
            removed.removeAll(fresh.keySet());
            for (Peer peer : peers) {
                if (fresh.containsKey(peer.id())) {
                    peer.endpoint().ifPresent(e -> endpoints.put(peer.id(), e));
                }
            }
        }
    }

    /**
     * Learns or updates one peer's key from an endpoint event. A known id is always updated; a new one
     * is learned only while the directory holds fewer than {@link Limits#MAX_PEERS}, so that a stream of
     * events naming ever new peers cannot grow the agent's heap without bound (the next reload starts
     * afresh). A removed peer is not learned again.
     *
     * @return false when the peer was removed: its endpoint must not be applied
     */
    public boolean put(Peer peer) {
        synchronized (lock) {
            if (removed.contains(peer.id())) {
                return false;
            }
            learn(peer);
            return true;
        }
    }

    /** {@code peer_added}: learns the peer, also one removed before. */
    public void add(Peer peer) {
        synchronized (lock) {
            removed.remove(peer.id());
            learn(peer);
        }
    }

    /**
     * {@code peer_key_rotated}: the peer's id now names {@code peer}'s key.
     *
     * @return the endpoint to write for the new key: the event's, else the last one known for the id
     */
    public Optional<Endpoint> rotate(Peer peer) {
        synchronized (lock) {
            removed.remove(peer.id());
            Optional<Endpoint> known = Optional.ofNullable(endpoints.get(peer.id()));
            learn(peer);
            return peer.endpoint().or(() -> known);
        }
    }

    /**
     * {@code peer_removed}: forgets the peer, and remembers that it is gone.
     *
     * @return whether the id was known
     */
    public boolean remove(NodeId peerId) {
        synchronized (lock) {
            boolean known = keys.remove(peerId) != null;
            endpoints.remove(peerId);
            removed.remove(peerId);
            if (removed.size() >= Limits.MAX_PEERS) {
                removed.remove(removed.iterator().next());
            }
            removed.add(peerId);
            return known;
        }
    }

    public boolean isRemoved(NodeId peerId) {
        synchronized (lock) {
            return removed.contains(peerId);
        }
    }

    /** Remembers the endpoint the control plane gave for a known peer. */
    void noteEndpoint(NodeId peerId, Endpoint endpoint) {
        synchronized (lock) {
            if (keys.containsKey(peerId)) {
                endpoints.put(peerId, endpoint);
            }
        }
    }

    public Optional<WireGuardKey> keyOf(NodeId peerId) {
        synchronized (lock) {
            return Optional.ofNullable(keys.get(peerId));
        }
    }

    /** The last endpoint the control plane gave for this peer. */
    public Optional<Endpoint> endpointOf(NodeId peerId) {
        synchronized (lock) {
            return Optional.ofNullable(endpoints.get(peerId));
        }
    }

    /** A copy of the whole directory, id → key, for the agent's status. */
    public Map<NodeId, WireGuardKey> keys() {
        synchronized (lock) {
            return Map.copyOf(keys);
        }
    }

    public int size() {
        synchronized (lock) {
            return keys.size();
        }
    }

    private void learn(Peer peer) {
        if (keys.containsKey(peer.id()) || keys.size() < Limits.MAX_PEERS) {
            keys.put(peer.id(), peer.publicKey());
            peer.endpoint().ifPresent(e -> endpoints.put(peer.id(), e));
            return;
        }
        LOG.atWarn()
                .addKeyValue("peer_id", peer.id())
                .addKeyValue("max_peers", Limits.MAX_PEERS)
                .log("peer directory full; not learning a new peer from an event");
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
