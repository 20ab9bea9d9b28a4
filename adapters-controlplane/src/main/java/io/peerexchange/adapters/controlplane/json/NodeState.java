package io.peerexchange.adapters.controlplane.json;

import io.peerexchange.ports.Peer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What the agent reads of {@code GET /v1/nodes/{id}/state}: its peers and the event signing keys. */
public record NodeState(List<Peer> peers, Optional<SigningKeys> signingKeys) {
    public NodeState {
        peers = List.copyOf(peers);
        Objects.requireNonNull(signingKeys, "signingKeys");
    }
}
