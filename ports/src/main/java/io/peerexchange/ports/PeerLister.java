package io.peerexchange.ports;

import java.util.List;

/** Lists the node's peers (control-plane id, public key, endpoint …) from the node state. */
public interface PeerLister {

    /** {@code GET /v1/nodes/{nodeId}/state}, its {@code peers}. */
    List<Peer> listPeers(NodeId nodeId) throws ControlPlaneException, InterruptedException;
}
