package io.peerexchange.adapters.controlplane.events;

/** Where the event stream is in its life. */
public enum StreamState {
    /** Created, not started. */
    NEW,
    /** Opening a connection (or waiting for its answer). */
    CONNECTING,
    /** A {@code text/event-stream} answer is open and being read. */
    CONNECTED,
    /** Waiting before the next attempt (back-off, {@code retry:} or {@code Retry-After}). */
    BACKING_OFF,
    /** The server said stop for good: 204, 403 or 404. */
    STOPPED,
    /** 401 and no newer token to try: the auth-failure callbacks ran. */
    AUTH_FAILED,
    /** {@link SseEventStream#close()} was called. */
    CLOSED;

    boolean isTerminal() {
        return this == STOPPED || this == AUTH_FAILED || this == CLOSED;
    }
}
