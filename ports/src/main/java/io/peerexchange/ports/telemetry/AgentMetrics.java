package io.peerexchange.ports.telemetry;

/**
 * What the agent counts for its metrics endpoint, called where things happen. Label values are
 * short, fixed words (an outcome, an event type, a reason) or a configured STUN server: never an id,
 * a key or an address learned from the network, so the number of series stays bounded.
 * Implementations are thread-safe and never throw.
 */
public interface AgentMetrics {
    /** Counts nothing: the default when metrics are off. */
    AgentMetrics NONE = new AgentMetrics() {};

    /** One STUN binding to a configured server; {@code ok} whether it answered. */
    default void stunBinding(String server, boolean ok) {}

    /** One endpoint report; {@code outcome} is {@code ok} or the failure's kind. */
    default void endpointReport(String outcome) {}

    /** One control-plane event handed to the core, by type. */
    default void eventReceived(String type) {}

    /** An event the core applied without error, by type. */
    default void eventApplied(String type) {}

    /** An event refused before the core (bad signature, stale, replayed …) or by the core's handler. */
    default void eventRejected(RejectReason reason) {}

    /** One peer's outcome of a WireGuard endpoint write ({@code applied}, {@code unchanged} …, {@code unreachable}). */
    default void wireGuardWrite(String outcome) {}

    /** One heartbeat; {@code outcome} is {@code ok} or the failure's kind. */
    default void heartbeat(String outcome) {}

    /** One node-state read (reconcile or poll); {@code outcome} is {@code ok} or the failure's kind. */
    default void nodeStateRead(String outcome) {}
}
