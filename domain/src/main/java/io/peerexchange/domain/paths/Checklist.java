package io.peerexchange.domain.paths;

import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.IceCredentials;
import io.peerexchange.ports.IceRole;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.WireGuardKey;
import java.net.Inet4Address;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One peer's candidate pairs, its role towards us, and the pair nominated for it. */
final class Checklist {
    /** RFC 8445 §6.1.2.5 suggests a limit; 32 × 32 candidates would otherwise make 1,024 pairs. */
    static final int MAX_PAIRS = 100;

    final NodeId peerId;
    WireGuardKey publicKey;
    final IceCredentials remoteIce;
    List<Candidate> reported;
    /** Remote candidates learned from the source of the peer's checks, with the priority they carried. */
    final Map<Candidate, Long> learnedRemote = new LinkedHashMap<>();

    IceRole role;
    final List<CandidatePair> pairs = new ArrayList<>();
    final Deque<CandidatePair> triggered = new ArrayDeque<>();
    CandidatePair nominated;
    Instant firstSuccess;
    Instant lastConsent;
    Instant nextConsent;
    Instant lastRecheck;

    Checklist(NodeId peerId, WireGuardKey publicKey, Connectivity remote, IceRole role, Instant now) {
        this.peerId = peerId;
        this.publicKey = publicKey;
        this.remoteIce = remote.ice().orElseThrow();
        this.reported = remote.candidates();
        this.role = role;
        this.lastRecheck = now;
    }

    /**
     * Pairs every local base with every remote candidate of the same address family, keeping the
     * state of pairs that already existed, best first, at most {@link #MAX_PAIRS}.
     */
    void rebuild(List<Candidate> localCandidates) {
        List<CandidatePair> next = new ArrayList<>();
        Map<Candidate, Long> remotes = new LinkedHashMap<>();
        for (int i = 0; i < reported.size(); i++) {
            remotes.putIfAbsent(
                    reported.get(i), Priorities.candidate(reported.get(i).kind(), i));
        }
        learnedRemote.forEach(remotes::putIfAbsent);
        for (int l = 0; l < localCandidates.size(); l++) {
            Candidate local = localCandidates.get(l);
            if (!isBase(local)) {
                continue;
            }
            long localPriority = Priorities.candidate(local.kind(), l);
            for (Map.Entry<Candidate, Long> remote : remotes.entrySet()) {
                if (!sameFamily(local, remote.getKey())) {
                    continue;
                }
                CandidatePair pair = existing(local, remote.getKey())
                        .orElseGet(() -> new CandidatePair(local, localPriority, remote.getKey(), remote.getValue()));
                if (next.stream().noneMatch(p -> p.sameAs(local, remote.getKey()))) {
                    next.add(pair);
                }
            }
        }
        next.sort(byPriority());
        if (next.size() > MAX_PAIRS) {
            next = new ArrayList<>(next.subList(0, MAX_PAIRS));
        }
        pairs.clear();
        pairs.addAll(next);
        triggered.removeIf(p -> !pairs.contains(p));
        if (nominated != null && !pairs.contains(nominated)) {
            nominated = null;
        }
    }

    /** Re-sorts after a role change: pair priorities depend on who controls. */
    void resort() {
        pairs.sort(byPriority());
    }

    Comparator<CandidatePair> byPriority() {
        return Comparator.comparingLong((CandidatePair p) -> p.priority(role)).reversed();
    }

    Optional<CandidatePair> pairTo(Candidate remoteSource) {
        return pairs.stream()
                .filter(p -> p.remote.endpoint().equals(remoteSource.endpoint()))
                .findFirst();
    }

    Optional<CandidatePair> bestSucceeded() {
        return pairs.stream().filter(p -> p.state == PairState.SUCCEEDED).findFirst();
    }

    /** Whether a pair better than {@code pair} may still succeed. */
    boolean betterPending(CandidatePair pair) {
        long priority = pair.priority(role);
        return pairs.stream()
                .anyMatch(p -> p.priority(role) > priority
                        && (p.state == PairState.WAITING || p.state == PairState.IN_PROGRESS));
    }

    private Optional<CandidatePair> existing(Candidate local, Candidate remote) {
        return pairs.stream().filter(p -> p.sameAs(local, remote)).findFirst();
    }

    /** Checks leave from the WireGuard port's own addresses (or, later, a relay): the bases. */
    static boolean isBase(Candidate candidate) {
        return candidate.kind() == CandidateKind.HOST || candidate.kind() == CandidateKind.RELAY;
    }

    static boolean sameFamily(Candidate a, Candidate b) {
        return (a.endpoint().address() instanceof Inet4Address) == (b.endpoint().address() instanceof Inet4Address);
    }
}
