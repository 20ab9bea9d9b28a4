package io.peerexchange.ports;

import java.util.Objects;

/**
 * One connectivity check to send from the WireGuard port (docs/PROTOCOL.md#candidates): a STUN
 * Binding request to {@code target} with USERNAME {@code <remote ufrag>:<local ufrag>}, signed with
 * the remote password. A retransmission carries the same {@code checkId}, and the transport sends
 * it as the same STUN transaction.
 *
 * @param checkId the caller's name for this transaction; an answer comes back with it
 * @param localUfrag our ICE username fragment
 */
public record CheckRequest(
        long checkId,
        Endpoint target,
        IceCredentials remote,
        String localUfrag,
        long priority,
        IceRole role,
        long tieBreaker,
        boolean useCandidate) {

    public CheckRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(localUfrag, "localUfrag");
        Objects.requireNonNull(role, "role");
        if (priority < 1 || priority > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("a check's priority is 1 to 2^32-1, got " + priority);
        }
    }

    /** The USERNAME of the check: the receiver's fragment first. */
    public String username() {
        return remote.ufrag() + ":" + localUfrag;
    }
}
