package io.peerexchange.ports;

import java.util.Objects;

/** One address at which a node's WireGuard port may be reached, and how it was learned. */
public record Candidate(Endpoint endpoint, CandidateKind kind) {
    public Candidate {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(kind, "kind");
    }

    public static Candidate of(CandidateKind kind, String endpoint) {
        return new Candidate(Endpoint.parse(endpoint), kind);
    }

    @Override
    public String toString() {
        return kind + " " + endpoint;
    }
}
