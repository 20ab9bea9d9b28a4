package io.peerexchange.domain.paths;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.domain.PeerDirectory;
import io.peerexchange.domain.PeerEndpointApplier;
import io.peerexchange.domain.Sleeper;
import io.peerexchange.domain.Wake;
import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.CheckReply;
import io.peerexchange.ports.CheckRequest;
import io.peerexchange.ports.Cidr;
import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.IceCredentials;
import io.peerexchange.ports.IceRole;
import io.peerexchange.ports.IncomingCheck;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.PathKind;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.testing.FakeCheckTransport;
import io.peerexchange.ports.testing.FakePeerLister;
import io.peerexchange.ports.testing.FakePeerUpdater;
import io.peerexchange.ports.testing.TestKeys;
import io.peerexchange.testing.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checks wired to the endpoint applier: what WireGuard gets for checked and for unchecked peers. */
class PathsTest {
    private static final NodeId SELF = NodeId.of("self");
    private static final NodeId CHECKED = NodeId.of("p-2");
    private static final NodeId SEED = NodeId.of("p-3");
    private static final IceCredentials OURS = IceCredentials.of("zzzzOURS", "oooooooooooooooooooooooo");
    private static final IceCredentials THEIRS = IceCredentials.of("aaaaTHEM", "tttttttttttttttttttttttt");
    private static final Candidate OUR_HOST = Candidate.of(CandidateKind.HOST, "192.168.1.2:51820");
    private static final Candidate THEIR_HOST = Candidate.of(CandidateKind.HOST, "192.168.1.3:51820");
    private static final Endpoint THEIR_PUBLIC = Endpoint.parse("203.0.113.20:41000");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakePeerUpdater wireguard =
            new FakePeerUpdater().peer(TestKeys.key(2), null).peer(TestKeys.key(3), null);
    private final PeerEndpointApplier applier =
            new PeerEndpointApplier(new PeerDirectory(new FakePeerLister(), SELF, clock), wireguard);
    private final FakeCheckTransport transport = new FakeCheckTransport();
    private final CountDownLatch loopParked = new CountDownLatch(1);
    /**
     * The loop's thread makes its one step before any peer exists and then parks here until close,
     * so only the tests' own {@code step()} calls move the checks.
     */
    private final Sleeper parkLoop = d -> {
        loopParked.countDown();
        new CountDownLatch(1).await();
    };

    private final Paths paths = new Paths(
            new PathChecker(OURS, 7),
            new CandidateGatherer(
                    List.of(port -> List.of(
                            new Candidate(new Endpoint(OUR_HOST.endpoint().address(), port), CandidateKind.HOST),
                            Candidate.of(CandidateKind.HOST, "10.9.0.1:51820"))),
                    List.of(Cidr.parse("10.9.0.0/16")),
                    51820),
            transport,
            clock,
            parkLoop,
            choice -> applier.applyChosen(
                    choice.peerId(), choice.publicKey(), choice.remote().endpoint()));

    @BeforeEach
    void start() throws Exception {
        applier.useChoices(paths);
        paths.start();
        assertThat(loopParked.await(5, TimeUnit.SECONDS)).isTrue();
        paths.gather(List.of(Endpoint.parse("203.0.113.10:40000")));
    }

    @Test
    void gather_reportsSourcesAndDiscoverysMapping_withoutExcludedPrefixes_andOurCredentials() throws Exception {
        Connectivity reported = paths.gather(List.of(Endpoint.parse("203.0.113.10:40000")));

        assertThat(reported.candidates())
                .containsExactly(OUR_HOST, Candidate.of(CandidateKind.SRFLX, "203.0.113.10:40000"));
        assertThat(reported.ice()).contains(OURS);
        assertThat(transport.local()).contains(OURS);
    }

    @Test
    void givenACheckablePeer_itsChecksStartAtOnce_andTheNominatedEndpointWinsOverTheControlPlanes() {
        applier.applyPeers(List.of(new Peer(
                CHECKED,
                TestKeys.key(2),
                Optional.empty(),
                Optional.of(THEIR_PUBLIC),
                List.of(),
                Optional.empty(),
                new Connectivity(List.of(THEIR_HOST), Optional.of(THEIRS)))));
        assertThat(wireguard.endpointOf(TestKeys.key(2))).contains(THEIR_PUBLIC);

        paths.step();
        CheckRequest check = transport.sent().get(0);
        assertThat(check.target()).isEqualTo(THEIR_HOST.endpoint());
        transport.succeed(check, OUR_HOST.endpoint());
        clock.advance(PathChecker.PACING);
        paths.step();
        CheckRequest nomination = transport.sent().get(1);
        assertThat(nomination.useCandidate()).isTrue();
        transport.succeed(nomination, OUR_HOST.endpoint());
        paths.step();

        assertThat(wireguard.endpointOf(TestKeys.key(2))).contains(THEIR_HOST.endpoint());
        assertThat(paths.pathKind(CHECKED)).isEqualTo(PathKind.HOST);

        applier.applyPeers(List.of(Peer.of(CHECKED, TestKeys.key(2), Optional.of(THEIR_PUBLIC))
                .withConnectivity(new Connectivity(List.of(THEIR_HOST), Optional.of(THEIRS)))));
        assertThat(wireguard.endpointOf(TestKeys.key(2))).contains(THEIR_HOST.endpoint());
    }

    @Test
    void givenALoopThatWaitsOnlyForWakes_aLearnedPeerAndEachAnswer_stepItAtOnce() throws Exception {
        FakeCheckTransport wires = new FakeCheckTransport();
        Sleeper onlyWakes = new Sleeper() {
            @Override
            public void sleep(Duration duration) throws InterruptedException {
                new CountDownLatch(1).await();
            }

            @Override
            public boolean sleep(Duration duration, Wake wake) throws InterruptedException {
                return Sleeper.SYSTEM.sleep(Duration.ofDays(1), wake);
            }
        };
        try (Paths woken = new Paths(
                new PathChecker(OURS, 7),
                new CandidateGatherer(List.of(port -> List.of(OUR_HOST)), List.of(), 51820),
                wires,
                clock,
                onlyWakes,
                choice -> {})) {
            woken.start();
            woken.gather(List.of());

            woken.learn(CHECKED, TestKeys.key(2), new Connectivity(List.of(THEIR_HOST), Optional.of(THEIRS)));
            awaitSent(wires, 1);
            clock.advance(PathChecker.PACING);
            wires.succeed(wires.sent().get(0), OUR_HOST.endpoint());
            awaitSent(wires, 2);

            assertThat(wires.sent().get(0).target()).isEqualTo(THEIR_HOST.endpoint());
            assertThat(wires.sent().get(1).useCandidate()).isTrue();
        }
    }

    private static void awaitSent(FakeCheckTransport wires, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (wires.sent().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(wires.sent())
                .as("checks the loop sent without a tick of its own")
                .hasSize(count);
    }

    @Test
    void givenAPeerWithoutCandidates_itIsHandledAsBefore_noCheckAndTheControlPlanesEndpoint() throws Exception {
        applier.applyPeers(List.of(Peer.of(SEED, TestKeys.key(3), Optional.empty())));
        applier.applyReported(List.of(new PeerEndpoint(SEED, Optional.of(THEIR_PUBLIC))));
        paths.step();
        clock.advance(Duration.ofSeconds(1));
        paths.step();

        assertThat(transport.sent()).isEmpty();
        assertThat(wireguard.endpointOf(TestKeys.key(3))).contains(THEIR_PUBLIC);
        assertThat(paths.pathKind(SEED)).isEqualTo(PathKind.UNKNOWN);
        assertThat(transport.deliver(new IncomingCheck(THEIR_PUBLIC, "aaaaTHEM", 1, IceRole.CONTROLLED, 1, false)))
                .isEqualTo(CheckReply.DROP);
    }

    @Test
    void givenCandidatesOnlyInAReportAnswer_checksStartForAKnownPeer() throws Exception {
        applier.applyPeers(List.of(Peer.of(CHECKED, TestKeys.key(2), Optional.empty())));

        applier.applyReported(List.of(new PeerEndpoint(
                CHECKED, Optional.empty(), new Connectivity(List.of(THEIR_HOST), Optional.of(THEIRS)))));
        paths.step();

        assertThat(transport.sent()).extracting(CheckRequest::target).containsExactly(THEIR_HOST.endpoint());
    }

    @Test
    void givenChecksRunning_anEntryWithNeitherEndpointNorCandidates_doesNotStopThem() throws Exception {
        applier.applyPeers(List.of(Peer.of(CHECKED, TestKeys.key(2), Optional.of(THEIR_PUBLIC))
                .withConnectivity(new Connectivity(List.of(THEIR_HOST), Optional.of(THEIRS)))));

        // A snapshot or report answer fetched before the peer reported: it knows nothing of the peer yet.
        applier.applyPeers(List.of(Peer.of(CHECKED, TestKeys.key(2), Optional.empty())));
        applier.applyReported(List.of(new PeerEndpoint(CHECKED, Optional.empty())));
        paths.step();

        assertThat(transport.sent()).extracting(CheckRequest::target).containsExactly(THEIR_HOST.endpoint());
    }

    @Test
    void givenThePeerNowWithoutCandidates_itsChecksStop_andItGetsTheControlPlanesEndpoint() throws Exception {
        applier.applyPeers(List.of(Peer.of(CHECKED, TestKeys.key(2), Optional.of(THEIR_PUBLIC))
                .withConnectivity(new Connectivity(List.of(THEIR_HOST), Optional.of(THEIRS)))));

        applier.applyReported(List.of(new PeerEndpoint(CHECKED, Optional.of(THEIR_PUBLIC))));
        paths.step();

        assertThat(transport.sent()).isEmpty();
        assertThat(wireguard.endpointOf(TestKeys.key(2))).contains(THEIR_PUBLIC);
    }

    @Test
    void givenTheNominatedPathLost_onPathLost_runsOnce() {
        int[] calls = {0};
        paths.onPathLost(() -> calls[0]++);
        applier.applyPeers(List.of(Peer.of(CHECKED, TestKeys.key(2), Optional.of(THEIR_PUBLIC))
                .withConnectivity(new Connectivity(List.of(THEIR_HOST), Optional.of(THEIRS)))));
        paths.step();
        transport.succeed(transport.sent().get(0), OUR_HOST.endpoint());
        clock.advance(PathChecker.PACING);
        paths.step();
        transport.succeed(transport.sent().get(1), OUR_HOST.endpoint());
        paths.step();
        assertThat(paths.pathKind(CHECKED)).isEqualTo(PathKind.HOST);

        for (Duration t = Duration.ZERO;
                t.compareTo(PathChecker.CONSENT_TIMEOUT.plus(PathChecker.CONSENT_INTERVAL)) <= 0;
                t = t.plus(PathChecker.PACING)) {
            clock.advance(PathChecker.PACING);
            paths.step();
        }

        assertThat(paths.pathKind(CHECKED)).isEqualTo(PathKind.UNKNOWN);
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void close_closesTheTransport() {
        paths.close();

        assertThat(transport.closed()).isTrue();
    }
}
