package io.peerexchange.domain.paths;

import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.CheckAnswer;
import io.peerexchange.ports.CheckReply;
import io.peerexchange.ports.CheckRequest;
import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.IceCredentials;
import io.peerexchange.ports.IncomingCheck;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.testing.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Two path checkers and the network between them, moved by hand: node a behind router 1, node b
 * behind router 2, each with a host candidate and a server-reflexive one. Which targets deliver is
 * the test's to say; a check that arrives shows the source its sender's NAT gives it.
 */
final class TwoNodes {
    static final NodeId A = NodeId.of("a");
    static final NodeId B = NodeId.of("b");
    /** a's ufrag sorts after b's: a controls. */
    static final IceCredentials ICE_A = IceCredentials.of("zzzzAAAA", "aaaaaaaaaaaaaaaaaaaaaaaa");

    static final IceCredentials ICE_B = IceCredentials.of("bbbbBBBB", "bbbbbbbbbbbbbbbbbbbbbbbb");
    static final Candidate A_HOST = Candidate.of(CandidateKind.HOST, "192.168.1.2:51820");
    static final Candidate A_SRFLX = Candidate.of(CandidateKind.SRFLX, "203.0.113.10:40000");
    static final Candidate B_HOST = Candidate.of(CandidateKind.HOST, "192.168.2.2:51820");
    static final Candidate B_SRFLX = Candidate.of(CandidateKind.SRFLX, "203.0.113.20:41000");

    final PathChecker a;
    final PathChecker b;
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    /** Targets that reach the other node. */
    final Set<Endpoint> open = new HashSet<>();
    /** What the receiver sees as source, per target. */
    final Map<Endpoint, Endpoint> seenAs = new HashMap<>();

    final List<CheckRequest> sentByA = new ArrayList<>();
    final List<CheckRequest> sentByB = new ArrayList<>();
    final List<PathChoice> choicesA = new ArrayList<>();
    final List<PathChoice> choicesB = new ArrayList<>();

    TwoNodes(long tieBreakerA, long tieBreakerB) {
        a = new PathChecker(ICE_A, tieBreakerA);
        b = new PathChecker(ICE_B, tieBreakerB);
        a.setLocalCandidates(List.of(A_HOST, A_SRFLX));
        b.setLocalCandidates(List.of(B_HOST, B_SRFLX));
        // Through the NATs: to the other's srflx the source is one's own srflx; hosts see hosts.
        seenAs.put(B_SRFLX.endpoint(), A_SRFLX.endpoint());
        seenAs.put(A_SRFLX.endpoint(), B_SRFLX.endpoint());
        seenAs.put(B_HOST.endpoint(), A_HOST.endpoint());
        seenAs.put(A_HOST.endpoint(), B_HOST.endpoint());
    }

    TwoNodes() {
        this(1, 2);
    }

    void introduce() {
        a.learn(B, TestKeys.key(2), new Connectivity(List.of(B_HOST, B_SRFLX), Optional.of(ICE_B)), now);
        b.learn(A, TestKeys.key(1), new Connectivity(List.of(A_HOST, A_SRFLX), Optional.of(ICE_A)), now);
    }

    void openAll() {
        open.addAll(seenAs.keySet());
    }

    /** Runs both checkers for {@code duration} in steps of the pacing interval. */
    void run(Duration duration) {
        Instant end = now.plus(duration);
        while (now.isBefore(end)) {
            step();
            now = now.plus(PathChecker.PACING);
        }
    }

    void step() {
        List<CheckRequest> fromA = a.tick(now);
        List<CheckRequest> fromB = b.tick(now);
        sentByA.addAll(fromA);
        sentByB.addAll(fromB);
        fromA.forEach(r -> deliver(r, b, a));
        fromB.forEach(r -> deliver(r, a, b));
        choicesA.addAll(a.drainChoices());
        choicesB.addAll(b.drainChoices());
    }

    private void deliver(CheckRequest request, PathChecker to, PathChecker from) {
        if (!open.contains(request.target())) {
            return;
        }
        Endpoint source = seenAs.get(request.target());
        CheckReply reply = to.onCheck(
                new IncomingCheck(
                        source,
                        request.localUfrag(),
                        request.priority(),
                        request.role(),
                        request.tieBreaker(),
                        request.useCandidate()),
                now);
        if (reply == CheckReply.DROP || !open.contains(source)) {
            return;
        }
        from.onAnswer(
                new CheckAnswer(
                        request.checkId(),
                        request.target(),
                        reply == CheckReply.SUCCESS ? Optional.of(source) : Optional.empty(),
                        reply == CheckReply.ROLE_CONFLICT),
                now);
    }
}
