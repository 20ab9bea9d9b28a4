package io.peerexchange.domain.paths;

import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.IceRole;
import java.time.Instant;
import java.util.Objects;

/** A local base × a remote candidate of the same address family, and the state of its checks. */
final class CandidatePair {
    final Candidate local;
    final long localPriority;
    final Candidate remote;
    final long remotePriority;
    PairState state = PairState.WAITING;
    long checkId;
    int transmissions;
    Instant nextTransmission;
    boolean nominating;
    /** The controlling side asked (USE-CANDIDATE) to nominate this pair once it succeeds. */
    boolean nominationRequested;

    CandidatePair(Candidate local, long localPriority, Candidate remote, long remotePriority) {
        this.local = Objects.requireNonNull(local, "local");
        this.remote = Objects.requireNonNull(remote, "remote");
        this.localPriority = localPriority;
        this.remotePriority = remotePriority;
    }

    long priority(IceRole role) {
        return role == IceRole.CONTROLLING
                ? Priorities.pair(localPriority, remotePriority)
                : Priorities.pair(remotePriority, localPriority);
    }

    boolean sameAs(Candidate otherLocal, Candidate otherRemote) {
        return local.endpoint().equals(otherLocal.endpoint())
                && remote.endpoint().equals(otherRemote.endpoint());
    }

    void reset() {
        state = PairState.WAITING;
        transmissions = 0;
        nextTransmission = null;
        nominating = false;
    }

    @Override
    public String toString() {
        return local.endpoint() + " -> " + remote;
    }
}
