package io.peerexchange.adapters.controlplane.json;

import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import java.util.Objects;
import java.util.Optional;

/**
 * The peer an event payload names: always its id; the whole Peer when the payload carries a key.
 *
 * @param endpoint the payload's endpoint, also when it carries no key
 * @param connectivity the payload's candidates and ICE credentials, also when it carries no key
 */
public record PayloadPeer(NodeId id, Optional<Peer> peer, Optional<Endpoint> endpoint, Connectivity connectivity) {
    public PayloadPeer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(connectivity, "connectivity");
    }
}
