package io.peerexchange.ports;

/**
 * Why the agent fetches the node state and applies it again. Every reason leads to the same
 * reconcile; the reason is logged.
 */
public enum ReconcileReason {
    /** Once when the agent starts. */
    START("start"),
    /** The periodic reconcile, every {@code reconcile_interval}. */
    INTERVAL("interval"),
    /** The event stream came back after an outage: events may have been missed. */
    STREAM_RECONNECTED("event stream reconnected"),
    /** A {@code node_state_updated} event. */
    NODE_STATE_UPDATED("node_state_updated event"),
    /** A heartbeat answer with {@code reconcile: true}. */
    HEARTBEAT("heartbeat answer");

    private final String text;

    ReconcileReason(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
