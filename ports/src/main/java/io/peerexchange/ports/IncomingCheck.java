package io.peerexchange.ports;

import java.util.Objects;

/**
 * A peer's check that reached our WireGuard port with valid FINGERPRINT and MESSAGE-INTEGRITY
 * under our password, and USERNAME {@code <our ufrag>:<remoteUfrag>}. Whether it belongs to a known
 * peer is the receiver's decision.
 */
public record IncomingCheck(
        Endpoint from, String remoteUfrag, long priority, IceRole role, long tieBreaker, boolean useCandidate) {
    public IncomingCheck {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(remoteUfrag, "remoteUfrag");
        Objects.requireNonNull(role, "role");
    }
}
