package io.peerexchange.bootstrap.wiring;

import io.peerexchange.bootstrap.status.AgentActivity;
import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerLister;
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

    RecordingPeerLister(PeerLister delegate, AgentActivity activity) {
        this.delegate = delegate;
        this.activity = activity;
    }

    @Override
    public List<Peer> listPeers(NodeId nodeId) throws ControlPlaneException, InterruptedException {
        try {
            List<Peer> peers = delegate.listPeers(nodeId);
            Map<NodeId, Peer> byId = new LinkedHashMap<>();
            peers.forEach(p -> byId.put(p.id(), p));
            activity.nodeState(Optional.of(byId), Optional.empty());
            return peers;
        } catch (ControlPlaneException e) {
            activity.nodeState(Optional.empty(), Optional.of(e.kind() + ": " + e.getMessage()));
            throw e;
        }
    }
}
