package io.peerexchange.domain.paths;

/** Where a candidate pair stands in its checklist (RFC 8445 §6.1.2.6, without Frozen: one component). */
enum PairState {
    WAITING,
    IN_PROGRESS,
    SUCCEEDED,
    FAILED
}
