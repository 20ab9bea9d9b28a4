package io.peerexchange.adapters.controlplane.events;

import io.peerexchange.ports.telemetry.RejectReason;
import java.util.Objects;

/** A signed event failed verification; the message says why without quoting the event, the reason is its metric label. */
public final class EventRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public EventRejectedException(RejectReason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public RejectReason reason() {
        return reason;
    }
}
