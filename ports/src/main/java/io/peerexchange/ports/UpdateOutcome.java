package io.peerexchange.ports;

import java.util.Objects;

/** What happened to one requested endpoint update. */
public record UpdateOutcome(WireGuardKey publicKey, Status status, String detail) {

    public enum Status {
        /** The endpoint was written. */
        APPLIED,
        /** WireGuard already held this endpoint: nothing written. */
        UNCHANGED,
        /** WireGuard holds another endpoint that is still receiving (a roamed, live path): kept. */
        LIVE_PATH_KEPT,
        /** No such peer on the interface: nothing created. */
        UNKNOWN_PEER,
        /** This peer's write failed; {@code detail} says why. */
        FAILED
    }

    public UpdateOutcome {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    public static UpdateOutcome of(WireGuardKey key, Status status) {
        return new UpdateOutcome(key, status, "");
    }
}
