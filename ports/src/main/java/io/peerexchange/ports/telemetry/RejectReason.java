package io.peerexchange.ports.telemetry;

import java.util.Locale;

/**
 * Why an event was refused: the {@code reason} label of {@code peerexchange_events_rejected_total}
 * (docs/PROTOCOL.md#metrics). A fixed set, so the label's series stay few whatever the control plane sends.
 */
public enum RejectReason {
    /** Not JSON, not an event envelope, a payload the type does not allow, or a field in the wrong form. */
    MALFORMED,
    /** A signed event without its signature, nonce or {@code issued_at}. */
    MISSING_FIELD,
    /** The signature does not verify with an accepted key. */
    SIGNATURE,
    /** {@code issued_at} too far in the past or the future. */
    STALE,
    /** The nonce was seen before. */
    REPLAY,
    /** The replay memory is full: new events wait until nonces expire. */
    REPLAY_WINDOW_FULL,
    /** The event was accepted but the core's handler failed on it. */
    HANDLER_ERROR;

    /** The label value: the name in lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
