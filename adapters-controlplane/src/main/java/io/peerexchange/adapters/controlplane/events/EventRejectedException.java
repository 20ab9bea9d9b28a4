package io.peerexchange.adapters.controlplane.events;

/** A signed event failed verification; the message says why without quoting the event. */
public final class EventRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public EventRejectedException(String message) {
        super(message);
    }
}
