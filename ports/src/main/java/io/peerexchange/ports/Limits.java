package io.peerexchange.ports;

/**
 * Limits that more than one module enforces, defined once. A limit that only one class enforces
 * stays a constant of that class.
 */
public final class Limits {
    /**
     * The most peers the agent takes from one control-plane answer and keeps in its peer directory: a
     * control plane (or an attacker in its place) cannot grow the agent's heap past this.
     */
    public static final int MAX_PEERS = 20_000;

    /**
     * The most candidates one node reports or the agent takes for one peer
     * (docs/PROTOCOL.md#candidates).
     */
    public static final int MAX_CANDIDATES = 32;

    private Limits() {}
}
