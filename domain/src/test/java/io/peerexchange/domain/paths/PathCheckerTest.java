package io.peerexchange.domain.paths;

import static io.peerexchange.domain.paths.TwoNodes.A;
import static io.peerexchange.domain.paths.TwoNodes.A_HOST;
import static io.peerexchange.domain.paths.TwoNodes.A_SRFLX;
import static io.peerexchange.domain.paths.TwoNodes.B;
import static io.peerexchange.domain.paths.TwoNodes.B_HOST;
import static io.peerexchange.domain.paths.TwoNodes.B_SRFLX;
import static io.peerexchange.domain.paths.TwoNodes.ICE_A;
import static io.peerexchange.domain.paths.TwoNodes.ICE_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.domain.LogCapture;
import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.CheckAnswer;
import io.peerexchange.ports.CheckReply;
import io.peerexchange.ports.CheckRequest;
import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.IceRole;
import io.peerexchange.ports.IncomingCheck;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.PathKind;
import io.peerexchange.ports.testing.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PathCheckerTest {
    @RegisterExtension
    final LogCapture log = new LogCapture();

    private final TwoNodes net = new TwoNodes();

    @Test
    void givenBothHostsReachable_checks_nominateTheHostPairOnBothSides_andLogTheChoice() {
        net.openAll();
        net.introduce();

        net.run(Duration.ofSeconds(2));

        assertThat(net.choicesA).extracting(c -> c.remote()).containsExactly(B_HOST);
        assertThat(net.choicesB).extracting(c -> c.remote()).containsExactly(A_HOST);
        assertThat(net.a.pathKind(B)).isEqualTo(PathKind.HOST);
        assertThat(net.b.pathKind(A)).isEqualTo(PathKind.HOST);
        assertThat(net.choicesA.get(0).publicKey()).isEqualTo(TestKeys.key(2));
        assertThat(log.lines("path chosen")).anySatisfy(line -> {
            assertThat(line.key("peer_id")).hasToString("b");
            assertThat(line.key("endpoint")).hasToString(B_HOST.endpoint().toString());
            assertThat(line.key("kind")).hasToString("host");
            assertThat(line.key("role")).isEqualTo(IceRole.CONTROLLING);
        });
    }

    @Test
    void givenOnlyTheReflexiveAddressesReach_checks_nominateTheSrflxPair() {
        net.open.add(B_SRFLX.endpoint());
        net.open.add(A_SRFLX.endpoint());
        net.introduce();

        net.run(Duration.ofSeconds(3));

        assertThat(net.a.chosen(B)).map(PathChoice::remote).contains(B_SRFLX);
        assertThat(net.b.chosen(A)).map(PathChoice::remote).contains(A_SRFLX);
        assertThat(net.b.pathKind(A)).isEqualTo(PathKind.SRFLX);
    }

    @Test
    void roles_theLargerUfragControls_andOnlyTheControllingSideSendsUseCandidate() {
        net.openAll();
        net.introduce();

        net.run(Duration.ofSeconds(2));

        assertThat(net.sentByA).allSatisfy(r -> assertThat(r.role()).isEqualTo(IceRole.CONTROLLING));
        assertThat(net.sentByB).allSatisfy(r -> assertThat(r.role()).isEqualTo(IceRole.CONTROLLED));
        assertThat(net.sentByA).anyMatch(CheckRequest::useCandidate);
        assertThat(net.sentByB).noneMatch(CheckRequest::useCandidate);
        assertThat(net.sentByA.get(0).username()).isEqualTo(ICE_B.ufrag() + ":" + ICE_A.ufrag());
        assertThat(net.sentByA.get(0).remote()).isEqualTo(ICE_B);
    }

    @Test
    void givenBothClaimControl_tieBreak_theLargerTieBreakerKeepsIt_theOtherAnswers487AndIsControlled() {
        net.openAll();
        net.introduce();
        Endpoint from = B_HOST.endpoint();
        long aTieBreaker = 1; // TwoNodes gives a 1

        CheckReply lost = net.a.onCheck(
                new IncomingCheck(from, ICE_B.ufrag(), 1, IceRole.CONTROLLING, aTieBreaker - 1, false), net.now);
        CheckReply won = net.a.onCheck(
                new IncomingCheck(from, ICE_B.ufrag(), 1, IceRole.CONTROLLING, aTieBreaker + 1, false), net.now);

        assertThat(lost).isEqualTo(CheckReply.ROLE_CONFLICT);
        assertThat(won).isEqualTo(CheckReply.SUCCESS);
        assertThat(net.a.tick(net.now)).allSatisfy(r -> assertThat(r.role()).isEqualTo(IceRole.CONTROLLED));
        assertThat(log.lines("ICE role switched")).hasSize(1);
    }

    @Test
    void givenBothClaimControlled_tieBreak_theLargerTieBreakerTakesControl() {
        net.openAll();
        net.introduce();

        CheckReply smaller = net.b.onCheck(
                new IncomingCheck(A_HOST.endpoint(), ICE_A.ufrag(), 1, IceRole.CONTROLLED, 3, false), net.now);
        assertThat(smaller).isEqualTo(CheckReply.ROLE_CONFLICT);

        CheckReply larger = net.b.onCheck(
                new IncomingCheck(A_HOST.endpoint(), ICE_A.ufrag(), 1, IceRole.CONTROLLED, 1, false), net.now);
        assertThat(larger).isEqualTo(CheckReply.SUCCESS);
        assertThat(net.b.tick(net.now)).allSatisfy(r -> assertThat(r.role()).isEqualTo(IceRole.CONTROLLING));
    }

    @Test
    void givenA487Answer_theCheckerTakesTheOtherRole_andChecksThePairAgain() {
        net.introduce();
        CheckRequest first = net.a.tick(net.now).get(0);

        net.a.onAnswer(new CheckAnswer(first.checkId(), first.target(), Optional.empty(), true), net.now);
        CheckRequest again = net.a.tick(net.now.plus(PathChecker.PACING)).get(0);

        assertThat(first.role()).isEqualTo(IceRole.CONTROLLING);
        assertThat(again.role()).isEqualTo(IceRole.CONTROLLED);
        assertThat(again.target()).isEqualTo(first.target());
        assertThat(again.checkId()).isNotEqualTo(first.checkId());
    }

    @Test
    void givenTheChosenPathDies_consent_losesItAndTheOtherPairIsChosenWithinThreeSeconds() {
        net.openAll();
        net.introduce();
        net.run(Duration.ofSeconds(2));
        assertThat(net.a.chosen(B)).map(PathChoice::remote).contains(B_HOST);

        net.open.remove(B_HOST.endpoint());
        net.open.remove(A_HOST.endpoint());
        Instant died = net.now;
        while (net.a.chosen(B).map(PathChoice::remote).filter(B_SRFLX::equals).isEmpty()
                || net.b
                        .chosen(A)
                        .map(PathChoice::remote)
                        .filter(A_SRFLX::equals)
                        .isEmpty()) {
            net.run(PathChecker.PACING);
            assertThat(Duration.between(died, net.now)).isLessThanOrEqualTo(Duration.ofSeconds(3));
        }

        assertThat(net.choicesA).extracting(PathChoice::remote).containsExactly(B_HOST, B_SRFLX);
        assertThat(net.choicesB).extracting(PathChoice::remote).containsExactly(A_HOST, A_SRFLX);
        assertThat(log.lines("path lost: no answer to consent checks; checking the other pairs"))
                .isNotEmpty();
    }

    @Test
    void givenTheOnlyPathDiesAndComesBack_consent_reportsTheLossOnce_andChecksTheLostPairAgainAtOnce() {
        net.open.add(B_SRFLX.endpoint());
        net.open.add(A_SRFLX.endpoint());
        net.introduce();
        net.run(Duration.ofSeconds(2));
        assertThat(net.a.chosen(B)).map(PathChoice::remote).contains(B_SRFLX);
        assertThat(net.a.takePathLost()).isFalse();

        net.open.clear();
        Instant died = net.now;
        while (net.a.chosen(B).isPresent()) {
            net.run(PathChecker.PACING);
        }
        assertThat(net.a.takePathLost()).isTrue();
        assertThat(net.a.takePathLost()).isFalse();
        // The NAT's mapping is back (as after a remap the peer's checks re-open it): no wait for RECHECK_INTERVAL.
        net.open.add(B_SRFLX.endpoint());
        net.open.add(A_SRFLX.endpoint());
        net.run(Duration.ofMillis(500));

        assertThat(net.a.chosen(B)).map(PathChoice::remote).contains(B_SRFLX);
        assertThat(Duration.between(died, net.now)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void givenTheHostPathComesBack_recheck_switchesBackToIt() {
        net.open.add(B_SRFLX.endpoint());
        net.open.add(A_SRFLX.endpoint());
        net.introduce();
        net.run(Duration.ofSeconds(9));
        assertThat(net.a.chosen(B)).map(PathChoice::remote).contains(B_SRFLX);

        net.openAll();
        net.run(PathChecker.RECHECK_INTERVAL.plusSeconds(2));

        assertThat(net.a.chosen(B)).map(PathChoice::remote).contains(B_HOST);
        assertThat(net.b.chosen(A)).map(PathChoice::remote).contains(A_HOST);
        assertThat(net.choicesA).extracting(PathChoice::remote).containsExactly(B_SRFLX, B_HOST);
    }

    @Test
    void givenACheckFromAnUnreportedSource_prflx_isLearnedPairedAndCheckedBack() {
        net.introduce();
        Endpoint unknown = Endpoint.parse("198.51.100.77:5555");

        CheckReply reply = net.a.onCheck(
                new IncomingCheck(unknown, ICE_B.ufrag(), 0x6e0001ffL, IceRole.CONTROLLED, 2, false), net.now);
        CheckRequest back = net.a.tick(net.now).get(0);

        assertThat(reply).isEqualTo(CheckReply.SUCCESS);
        assertThat(back.target()).isEqualTo(unknown);
        assertThat(log.lines("peer-reflexive candidate learned: a check came from an address the peer did not report"))
                .hasSize(1);
    }

    @Test
    void givenAnAnswerShowingAnUnknownMapping_prflx_isLearnedAsOurCandidate() {
        net.introduce();
        CheckRequest check = net.a.tick(net.now).get(0);
        Endpoint mapped = Endpoint.parse("203.0.113.10:49999");

        net.a.onAnswer(new CheckAnswer(check.checkId(), check.target(), Optional.of(mapped), false), net.now);

        assertThat(net.a.learnedLocalCandidates()).containsExactly(new Candidate(mapped, CandidateKind.PRFLX));
    }

    @Test
    void pacing_oneNewCheckPerTa_retransmissionsOnTheSameTransaction_thenThePairFails() {
        net.introduce(); // nothing is open: no answer ever comes
        Instant start = net.now;

        List<CheckRequest> first = net.a.tick(start);
        List<CheckRequest> tooSoon = net.a.tick(start.plus(PathChecker.PACING.dividedBy(2)));
        List<CheckRequest> next = net.a.tick(start.plus(PathChecker.PACING));

        assertThat(first).hasSize(1);
        assertThat(tooSoon).isEmpty();
        assertThat(next)
                .hasSize(1)
                .allSatisfy(
                        r -> assertThat(r.checkId()).isNotEqualTo(first.get(0).checkId()));
        long firstId = first.get(0).checkId();
        int transmissions = 1;
        Instant t = start.plus(PathChecker.PACING);
        Instant end = start.plus(Duration.ofSeconds(8));
        while (t.isBefore(end)) {
            t = t.plus(Duration.ofMillis(10));
            transmissions += (int)
                    net.a.tick(t).stream().filter(r -> r.checkId() == firstId).count();
        }
        assertThat(transmissions).isEqualTo(PathChecker.MAX_TRANSMISSIONS);
        assertThat(net.a.chosen(B)).isEmpty();
        assertThat(net.a.pathKind(B)).isEqualTo(PathKind.UNKNOWN);
    }

    @Test
    void givenAPeerWithoutCredentialsOrCandidates_noCheckIsSent_andItsChecksAreDropped() {
        net.a.learn(B, TestKeys.key(2), Connectivity.NONE, net.now);
        net.a.learn(NodeId.of("c"), TestKeys.key(3), new Connectivity(List.of(B_HOST), Optional.empty()), net.now);

        assertThat(net.a.tick(net.now)).isEmpty();
        assertThat(net.a.onCheck(
                        new IncomingCheck(B_HOST.endpoint(), ICE_B.ufrag(), 1, IceRole.CONTROLLED, 2, false), net.now))
                .isEqualTo(CheckReply.DROP);
        assertThat(net.a.tick(net.now.plusSeconds(1))).isEmpty();
    }

    @Test
    void givenAnAnswerToNoPendingCheck_orFromAnotherAddress_nothingChanges() {
        net.introduce();
        CheckRequest check = net.a.tick(net.now).get(0);

        net.a.onAnswer(
                new CheckAnswer(check.checkId() + 100, check.target(), Optional.of(A_SRFLX.endpoint()), false),
                net.now);
        net.a.onAnswer(
                new CheckAnswer(
                        check.checkId(), Endpoint.parse("198.51.100.1:1"), Optional.of(A_SRFLX.endpoint()), false),
                net.now);
        net.run(Duration.ofSeconds(2));

        assertThat(net.a.chosen(B)).isEmpty();
        assertThat(net.choicesA).isEmpty();
    }

    @Test
    void givenNewCredentials_learn_restartsTheChecklist_andForgetStopsIt() {
        net.openAll();
        net.introduce();
        net.run(Duration.ofSeconds(2));
        assertThat(net.a.chosen(B)).isPresent();

        net.a.learn(
                B,
                TestKeys.key(2),
                new Connectivity(
                        List.of(B_HOST, B_SRFLX),
                        Optional.of(io.peerexchange.ports.IceCredentials.of("bbbbCCCC", "cccccccccccccccccccccccc"))),
                net.now);
        assertThat(net.a.chosen(B)).isEmpty();

        net.a.forget(B);
        assertThat(net.a.tick(net.now.plusSeconds(1))).isEmpty();
    }
}
