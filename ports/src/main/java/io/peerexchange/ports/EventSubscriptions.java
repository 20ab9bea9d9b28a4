package io.peerexchange.ports;

import java.util.List;

/**
 * Where the core registers typed handlers for control-plane events. Handlers of one type run in
 * registration order; register before the event source starts.
 */
public interface EventSubscriptions {

    /** {@code peer_endpoint_changed} whose payload carries the peer's key: the peer, with its new endpoint. */
    void onPeerEndpointChanged(EventHandler<Peer> handler);

    /**
     * {@code peer_endpoint_changed} whose payload names the peer by id only ({@code {"id"|"peer_id",
     * "endpoint"}}): the core resolves the key through its peer directory.
     */
    void onPeerEndpointChangedById(EventHandler<PeerEndpoint> handler);

    /** {@code peer_added}: a new peer of this node. */
    void onPeerAdded(EventHandler<Peer> handler);

    /** {@code peer_removed}: the peer with this id is no longer this node's peer. */
    void onPeerRemoved(EventHandler<NodeId> handler);

    /** {@code peer_key_rotated}: the peer, with its new public key. */
    void onPeerKeyRotated(EventHandler<Peer> handler);

    /**
     * The node's whole peer list, delivered by the polling fallback while the event stream is
     * down (GET state), so nothing is missed during the outage.
     */
    void onPeerSnapshot(EventHandler<List<Peer>> handler);

    /**
     * The event source asks for a reconcile: a {@code node_state_updated} event, or the stream came
     * back after an outage ({@link ReconcileReason#NODE_STATE_UPDATED}, {@link
     * ReconcileReason#STREAM_RECONNECTED}).
     */
    void onReconcileRequested(EventHandler<ReconcileReason> handler);
}
