package io.peerexchange.ports;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a node says about reaching it beyond its one public endpoint: its candidates and its ICE
 * credentials (docs/PROTOCOL.md#candidates). {@link #NONE} is a node (or control plane) that says
 * nothing of them, handled exactly as before candidates existed.
 */
public record Connectivity(List<Candidate> candidates, Optional<IceCredentials> ice) {
    public static final Connectivity NONE = new Connectivity(List.of(), Optional.empty());

    public Connectivity {
        candidates = List.copyOf(candidates);
        if (candidates.size() > Limits.MAX_CANDIDATES) {
            throw new IllegalArgumentException(
                    "at most " + Limits.MAX_CANDIDATES + " candidates, got " + candidates.size());
        }
        Objects.requireNonNull(ice, "ice");
    }

    /** True when there is neither a candidate nor credentials: the seed protocol's node. */
    public boolean isNone() {
        return candidates.isEmpty() && ice.isEmpty();
    }

    /** Whether connectivity checks can be sent to this node: credentials and a candidate. */
    public boolean checkable() {
        return ice.isPresent() && !candidates.isEmpty();
    }
}
