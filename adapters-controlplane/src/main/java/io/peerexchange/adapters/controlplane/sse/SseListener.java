package io.peerexchange.adapters.controlplane.sse;

/** Receives what the parser finds, on the thread that feeds it. */
public interface SseListener {

    void onEvent(SseEvent event);

    /** A valid {@code retry} field: the server's reconnection time in milliseconds. */
    default void onRetry(long millis) {}

    /** A comment line; servers send them as keep-alives. */
    default void onComment() {}
}
