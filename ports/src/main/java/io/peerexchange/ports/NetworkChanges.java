package io.peerexchange.ports;

import java.util.function.Consumer;

/**
 * Tells the agent when the host's network changed, so that it re-discovers at once instead of at
 * the next refresh. Calls {@code onChange} on its own thread, once per change it sees (bursts are
 * the listener's to coalesce); stops calling it once {@link #close} returns.
 */
public interface NetworkChanges extends AutoCloseable {

    /**
     * Starts watching.
     *
     * @throws IllegalStateException when the host's changes cannot be watched (then the refresh
     *     interval alone paces discovery, as without this port)
     */
    void start(Consumer<NetworkChange> onChange);

    @Override
    void close();

    /** Sees no change, ever: for tests and hosts without a change feed. */
    NetworkChanges NONE = new NetworkChanges() {
        @Override
        public void start(Consumer<NetworkChange> onChange) {}

        @Override
        public void close() {}
    };
}
