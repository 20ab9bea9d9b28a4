package io.peerexchange.ports;

import java.time.Duration;

/**
 * The supervisor that started the agent (systemd): told when the agent is ready, what it is doing,
 * that it is still alive, and that it is stopping. Failures to tell it are the implementation's to log;
 * they never stop the agent.
 */
public interface ServiceManager {
    /** No supervisor listens: every call does nothing. */
    ServiceManager NONE = new ServiceManager() {
        @Override
        public void ready(String status) {}

        @Override
        public void status(String status) {}

        @Override
        public void alive() {}

        @Override
        public void stopping() {}

        @Override
        public boolean watchdogEnabled() {
            return false;
        }

        @Override
        public Duration watchdogInterval() {
            return Duration.ZERO;
        }
    };

    /** Start-up is done; {@code status} is a one-line description for the operator. */
    void ready(String status);

    /** What the agent is doing now, in one line. */
    void status(String status);

    /** A watchdog ping: the agent's loops are running. */
    void alive();

    void stopping();

    /** Whether the supervisor expects {@link #alive()} pings. */
    boolean watchdogEnabled();

    /** How often to ping: half the supervisor's watchdog timeout; zero when it expects none. */
    Duration watchdogInterval();
}
