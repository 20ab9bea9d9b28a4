package io.peerexchange.domain;

/**
 * What the first endpoint report waits for, once the first discovery is done. The agent discovers
 * while it reads the node state and opens the event stream, and reports only after both: the report's
 * answer is applied against a loaded peer directory, and a peer reporting after this node is heard on
 * the stream (before it, in this report's answer).
 */
@FunctionalInterface
public interface ReportGate {
    /** Nothing to wait for. */
    ReportGate OPEN = () -> {};

    /**
     * Returns when the first report may go; it must return in bounded time on its own.
     *
     * @throws InterruptedException when the calling thread is interrupted (the way to stop it)
     */
    void await() throws InterruptedException;
}
