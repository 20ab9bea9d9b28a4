package io.peerexchange.ports;

import java.util.List;

/**
 * One way of learning candidates for the WireGuard port (docs/PROTOCOL.md#candidates): the host's
 * own addresses, a mapping the gateway made on request, a relay allocation. The agent asks every
 * source on each refresh; a source that cannot answer logs why and returns what it has (maybe
 * nothing), so one broken source never holds up the others.
 */
@FunctionalInterface
public interface CandidateSource {

    /** The candidates this source knows for the WireGuard port {@code listenPort}, best first. */
    List<Candidate> candidates(int listenPort) throws InterruptedException;
}
