package io.peerexchange.domain.paths;

import io.peerexchange.ports.CandidateKind;

/**
 * ICE priorities (RFC 8445 §5.1.2, §6.1.2.3). The wire carries no candidate priority
 * (docs/PROTOCOL.md#candidates), so both sides compute it from the kind and the candidate's place in
 * the list its node reported: the same lists give both sides the same numbers.
 */
final class Priorities {
    /** Our one component: the WireGuard port. */
    static final int COMPONENT = 1;

    private static final int MAX_LOCAL_PREFERENCE = 65_535;

    private Priorities() {}

    /** A candidate's priority from its type preference and its index in its node's list (earlier is preferred). */
    static long candidate(CandidateKind kind, int index) {
        int localPreference = Math.max(0, MAX_LOCAL_PREFERENCE - index);
        return ((long) kind.typePreference() << 24) + ((long) localPreference << 8) + (256 - COMPONENT);
    }

    /** The pair priority: G is the controlling side's candidate priority, D the controlled side's. */
    static long pair(long controlling, long controlled) {
        long min = Math.min(controlling, controlled);
        long max = Math.max(controlling, controlled);
        return (min << 32) + 2 * max + (controlling > controlled ? 1 : 0);
    }
}
