package io.peerexchange.adapters.controlplane.events;

/** The {@code event_type} values of the protocol (docs/PROTOCOL.md#events), for both ends of it. */
public final class EventTypes {
    public static final String PEER_ENDPOINT_CHANGED = "peer_endpoint_changed";
    public static final String PEER_ADDED = "peer_added";
    public static final String PEER_REMOVED = "peer_removed";
    public static final String PEER_KEY_ROTATED = "peer_key_rotated";
    public static final String NODE_STATE_UPDATED = "node_state_updated";
    public static final String SIGNING_KEY_ROTATED = "signing_key_rotated";

    private EventTypes() {}
}
