package io.peerexchange.domain;

import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.Limits;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.PeerUpdater;
import io.peerexchange.ports.UpdateOutcome;
import io.peerexchange.ports.UpdateReport;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns peer endpoints named by control-plane id into WireGuard updates named by key, applies them
 * in one call, and logs each outcome. Both the refresh loop and the event handlers use it; calls
 * are serialized so that WireGuard sees one writer.
 */
public final class PeerEndpointApplier {
    private static final ComponentLogger LOG = ComponentLogger.of(PeerEndpointApplier.class, Component.NAT);

    static final int MAX_LINES_PER_BATCH = 10;
    static final String REMOVED_SKIPPED = "endpoint for a removed peer skipped: peer_removed named it";

    private final PeerDirectory directory;
    private final PeerUpdater updater;
    private volatile EndpointChoices choices = EndpointChoices.NONE;
    /** Counts event and snapshot batches applied; a report's answer is stamped with its value when the report left. */
    private long heard;
    /** Per peer, the batch that last told us of it: a report answer older than that must not undo it. */
    private final Map<NodeId, Long> heardAt = new HashMap<>();

    public PeerEndpointApplier(PeerDirectory directory, PeerUpdater updater) {
        this.directory = directory;
        this.updater = updater;
    }

    PeerDirectory directory() {
        return directory;
    }

    /**
     * From now on peers' connectivity goes to {@code checks}, and a peer they chose a path for gets
     * that path's endpoint instead of the control plane's. Without this call nothing changes.
     */
    public void useChoices(EndpointChoices checks) {
        this.choices = checks;
    }

    EndpointChoices choices() {
        return choices;
    }

    /**
     * Writes the endpoint the connectivity checks nominated for a peer, under the same rules as every
     * other write (existing peers only, unchanged endpoints left alone, a live path kept).
     */
    public synchronized void applyChosen(NodeId peerId, WireGuardKey publicKey, Endpoint endpoint) {
        if (directory.isRemoved(peerId)) {
            warnEach(List.of(peerId), REMOVED_SKIPPED, null);
            return;
        }
        directory.noteEndpoint(peerId, endpoint);
        Map<WireGuardKey, NodeId> ids = new LinkedHashMap<>();
        ids.put(publicKey, peerId);
        apply(List.of(new EndpointUpdate(publicKey, endpoint)), ids);
    }

    /**
     * The stamp to give {@link #applyReported(List, long)} for a report about to leave: taken before
     * the report is sent, it tells which peers an event updated while the report was under way.
     */
    public synchronized long reportLeaving() {
        return heard;
    }

    /** Applies an endpoint report's answer as the newest word on every peer it names. */
    public void applyReported(List<PeerEndpoint> peerEndpoints) throws InterruptedException {
        applyReported(peerEndpoints, Long.MAX_VALUE);
    }

    /**
     * Applies the answer to a report that left at {@code leftAt} ({@link #reportLeaving}): ids are
     * looked up (and the directory refreshed once for unknown ones). A peer that an event or snapshot
     * told of after the report left keeps what that said: the control plane computed the answer
     * before, and its entry for that peer can only be older (plexd's answers carry no version).
     */
    public synchronized void applyReported(List<PeerEndpoint> peerEndpoints, long leftAt) throws InterruptedException {
        List<PeerEndpoint> current = new ArrayList<>(peerEndpoints.size());
        List<NodeId> newer = new ArrayList<>();
        for (PeerEndpoint pe : peerEndpoints) {
            if (heardAt.getOrDefault(pe.peerId(), Long.MIN_VALUE) > leftAt) {
                newer.add(pe.peerId());
            } else {
                current.add(pe);
            }
        }
        for (NodeId peerId : newer) {
            LOG.atDebug()
                    .addKeyValue("peer_id", peerId)
                    .log("report answer entry skipped: an event since the report left is newer");
        }
        applyById(current);
    }

    /** Applies endpoints from events that name peers by id only, as newer than any report under way. */
    public synchronized void applyEventsById(List<PeerEndpoint> peerEndpoints) throws InterruptedException {
        long batch = ++heard;
        for (PeerEndpoint pe : peerEndpoints) {
            if (!directory.isRemoved(pe.peerId())) {
                heard(pe.peerId(), batch);
            }
        }
        applyById(peerEndpoints);
    }

    private void heard(NodeId peerId, long batch) {
        if (heardAt.size() >= Limits.MAX_PEERS && !heardAt.containsKey(peerId)) {
            // Peers removed since they were heard of: only the directory's peers need a stamp.
            heardAt.keySet().removeIf(id -> directory.keyOf(id).isEmpty());
        }
        heardAt.put(peerId, batch);
    }

    private void applyById(List<PeerEndpoint> peerEndpoints) throws InterruptedException {
        Map<NodeId, Endpoint> wanted = new LinkedHashMap<>();
        List<NodeId> gone = new ArrayList<>();
        EndpointChoices checks = choices;
        for (PeerEndpoint pe : peerEndpoints) {
            if (!directory.isRemoved(pe.peerId()) && says(pe.endpoint(), pe.connectivity())) {
                directory.keyOf(pe.peerId()).ifPresent(key -> checks.learn(pe.peerId(), key, pe.connectivity()));
            }
            if (pe.endpoint().isEmpty()) {
                continue;
            }
            if (directory.isRemoved(pe.peerId())) {
                gone.add(pe.peerId());
                continue;
            }
            wanted.put(pe.peerId(), pe.endpoint().get());
        }
        warnEach(gone, REMOVED_SKIPPED, null);
        boolean anyUnknown =
                wanted.keySet().stream().anyMatch(id -> directory.keyOf(id).isEmpty());
        if (anyUnknown) {
            directory.reloadFor(wanted.keySet().stream()
                    .filter(id -> directory.keyOf(id).isEmpty())
                    .findFirst()
                    .orElseThrow());
        }
        Map<WireGuardKey, NodeId> ids = new LinkedHashMap<>();
        List<EndpointUpdate> updates = new ArrayList<>(wanted.size());
        List<NodeId> unknown = new ArrayList<>();
        for (Map.Entry<NodeId, Endpoint> entry : wanted.entrySet()) {
            Optional<WireGuardKey> key = directory.keyOf(entry.getKey());
            if (key.isEmpty()) {
                unknown.add(entry.getKey());
                continue;
            }
            directory.noteEndpoint(entry.getKey(), entry.getValue());
            if (ids.putIfAbsent(key.get(), entry.getKey()) == null) {
                Endpoint endpoint = checks.chosen(entry.getKey()).orElse(entry.getValue());
                updates.add(new EndpointUpdate(key.get(), endpoint));
            }
        }
        warnEach(unknown, "unknown peer id skipped: not in the node's peer list", null);
        apply(updates, ids);
    }

    /** Applies peers from events or a state snapshot: they carry their keys, which the directory learns. */
    public synchronized void applyPeers(List<Peer> peers) {
        Map<WireGuardKey, NodeId> ids = new LinkedHashMap<>();
        List<EndpointUpdate> updates = new ArrayList<>(peers.size());
        List<NodeId> gone = new ArrayList<>();
        EndpointChoices checks = choices;
        long batch = ++heard;
        for (Peer peer : peers) {
            if (!directory.put(peer)) {
                if (peer.endpoint().isPresent()) {
                    gone.add(peer.id());
                }
                continue;
            }
            heard(peer.id(), batch);
            if (says(peer.endpoint(), peer.connectivity())) {
                checks.learn(peer.id(), peer.publicKey(), peer.connectivity());
            }
            Optional<Endpoint> endpoint = checks.chosen(peer.id()).or(peer::endpoint);
            if (endpoint.isPresent() && ids.putIfAbsent(peer.publicKey(), peer.id()) == null) {
                updates.add(new EndpointUpdate(peer.publicKey(), endpoint.get()));
            }
        }
        warnEach(gone, REMOVED_SKIPPED, null);
        apply(updates, ids);
    }

    /**
     * Whether an entry tells the checks anything. One with neither endpoint nor candidates is a peer
     * not reported yet, often a snapshot fetched before its report: it must not stop checks that a
     * later report or event already started (an old agent's entry has an endpoint and no candidates).
     */
    private static boolean says(Optional<Endpoint> endpoint, Connectivity connectivity) {
        return endpoint.isPresent() || connectivity.checkable();
    }

    private void apply(List<EndpointUpdate> updates, Map<WireGuardKey, NodeId> ids) {
        if (updates.isEmpty()) {
            return;
        }
        UpdateReport report;
        try {
            report = updater.updateEndpoints(updates);
        } catch (PeerUpdateException e) {
            LOG.atWarn()
                    .addKeyValue("peers", updates.size())
                    .addKeyValue("error", e.getMessage())
                    .log("peer update failed");
            return;
        }
        Map<WireGuardKey, Endpoint> endpoints = new HashMap<>(updates.size() * 2);
        for (EndpointUpdate update : updates) {
            endpoints.put(update.publicKey(), update.endpoint());
        }
        List<NodeId> notOnInterface = new ArrayList<>();
        for (UpdateOutcome outcome : report.outcomes()) {
            NodeId peerId = ids.get(outcome.publicKey());
            switch (outcome.status()) {
                case APPLIED ->
                    LOG.atInfo()
                            .addKeyValue("peer_id", peerId)
                            .addKeyValue("endpoint", endpoints.get(outcome.publicKey()))
                            .log("peer endpoint updated");
                case UNCHANGED -> LOG.atDebug().addKeyValue("peer_id", peerId).log("peer endpoint unchanged");
                case LIVE_PATH_KEPT ->
                    LOG.atInfo()
                            .addKeyValue("peer_id", peerId)
                            .addKeyValue("endpoint", endpoints.get(outcome.publicKey()))
                            .log("peer endpoint kept: WireGuard is still receiving on its current path");
                case UNKNOWN_PEER -> notOnInterface.add(peerId);
                case FAILED ->
                    LOG.atWarn()
                            .addKeyValue("peer_id", peerId)
                            .addKeyValue("error", outcome.detail())
                            .log("peer update failed");
            }
        }
        warnEach(notOnInterface, "peer update failed", "no such peer on the WireGuard interface");
    }

    /**
     * One warning per peer, or, past {@link #MAX_LINES_PER_BATCH} peers, one warning with the count and
     * the first ids: an answer naming thousands of unknown peers must not flood the log every refresh.
     */
    private static void warnEach(List<NodeId> peerIds, String message, String error) {
        if (peerIds.size() <= MAX_LINES_PER_BATCH) {
            for (NodeId peerId : peerIds) {
                var line = LOG.atWarn().addKeyValue("peer_id", peerId);
                if (error != null) {
                    line = line.addKeyValue("error", error);
                }
                line.log(message);
            }
            return;
        }
        var line = LOG.atWarn()
                .addKeyValue("peers", peerIds.size())
                .addKeyValue("peer_ids", peerIds.subList(0, MAX_LINES_PER_BATCH) + "…");
        if (error != null) {
            line = line.addKeyValue("error", error);
        }
        line.log(message);
    }
}
