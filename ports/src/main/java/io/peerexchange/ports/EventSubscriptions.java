package io.peerexchange.ports;

import java.util.List;

/**
 * Where the core registers typed handlers for control-plane events. Handlers of one type run in
 * registration order; register before the event source starts.
 */
public interface EventSubscriptions {

    /** {@code peer_endpoint_changed}: the payload's peer, with its new endpoint. */
    void onPeerEndpointChanged(EventHandler<Peer> handler);

    /**
     * The node's whole peer list, delivered by the polling fallback while the event stream is
     * down (GET state), so nothing is missed during the outage.
     */
    void onPeerSnapshot(EventHandler<List<Peer>> handler);
}
