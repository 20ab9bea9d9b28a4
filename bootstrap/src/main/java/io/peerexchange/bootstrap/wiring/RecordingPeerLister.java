package io.peerexchange.bootstrap.wiring;

import io.peerexchange.bootstrap.status.AgentActivity;
import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerLister;
import io.peerexchange.ports.telemetry.AgentMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node-state reader (reconciles and the polling fallback), with each read noted for the status:
 * whether the control plane answers, and the peers' candidates.
 */
final class RecordingPeerLister implements PeerLister {
    private final PeerLister delegate;
    private final AgentActivity activity;
    private final AgentMetrics metrics;

    RecordingPeerLister(PeerLister delegate, AgentActivity activity, AgentMetrics metrics) {
        this.delegate = delegate;
        this.activity = activity;
        this.metrics = metrics;
    }

    @Override
    public List<Peer> listPeers(NodeId nodeId) throws ControlPlaneException, InterruptedException {
        try {
            List<Peer> peers = delegate.listPeers(nodeId);
            Map<NodeId, Peer> byId = new LinkedHashMap<>();
            peers.forEach(p -> byId.put(p.id(), p));
            activity.nodeState(Optional.of(byId), Optional.empty());
            metrics.nodeStateRead("ok");
            return peers;
        } catch (ControlPlaneException e) {
            activity.nodeState(Optional.empty(), Optional.of(e.kind() + ": " + e.getMessage()));
            metrics.nodeStateRead(outcome(e));
            throw e;
        }
    }

    private static String outcome(ControlPlaneException e) {
        return e.kind().name().toLowerCase(java.util.Locale.ROOT);
    }
}
