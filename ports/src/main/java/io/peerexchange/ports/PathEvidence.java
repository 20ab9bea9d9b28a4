package io.peerexchange.ports;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about one peer's path when its kind is asked: the endpoint WireGuard holds, the one
 * the agent last wrote, the one the control plane reported, and the peer's candidates.
 */
public record PathEvidence(
        NodeId peer,
        Optional<String> held,
        Optional<Endpoint> written,
        Optional<Endpoint> reported,
        List<Candidate> candidates) {
    public PathEvidence {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(held, "held");
        Objects.requireNonNull(written, "written");
        Objects.requireNonNull(reported, "reported");
        candidates = List.copyOf(candidates);
    }
}
