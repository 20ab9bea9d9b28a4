package io.peerexchange.devtools.controlplane;

import java.util.Objects;
import java.util.Set;

/**
 * How peers are written into event payloads, to test an agent against each form plexd-style
 * control planes use (docs/PROTOCOL.md#events).
 *
 * @param peerIdField           the member naming the peer: {@code id} or {@code peer_id}
 * @param keylessEndpointEvents {@code peer_endpoint_changed} carries only the id and the endpoint,
 *                              so the agent must resolve the key through its directory
 */
record EventFormat(String peerIdField, boolean keylessEndpointEvents) {
    static final Set<String> ID_FIELDS = Set.of("id", "peer_id");

    EventFormat {
        Objects.requireNonNull(peerIdField, "peerIdField");
        if (!ID_FIELDS.contains(peerIdField)) {
            throw new IllegalArgumentException("the peer id field must be id or peer_id");
        }
    }
}
