package io.peerexchange.domain.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.domain.Sleeper;
import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.IceCredentials;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Relay;
import io.peerexchange.ports.RelayedPath;
import io.peerexchange.ports.testing.FakeCheckTransport;
import io.peerexchange.ports.testing.TestKeys;
import io.peerexchange.testing.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the relay carries a peer: after the check timeout without a direct pair, never beside a verified one, left after the hold. */
class RelayPolicyTest {
    private static final NodeId PEER = NodeId.of("b");
    private static final Endpoint PEER_SRFLX = Endpoint.parse("203.0.113.20:31000");
    private static final Endpoint PEER_RELAY = Endpoint.parse("203.0.113.1:49200");
    private static final RelayedPath PATH =
            new RelayedPath(Endpoint.parse("127.0.0.1:40001"), Endpoint.parse("203.0.113.1:49160"));
    private static final Connectivity CHECKABLE = new Connectivity(
            List.of(
                    Candidate.of(CandidateKind.HOST, "192.168.2.2:51820"),
                    new Candidate(PEER_SRFLX, CandidateKind.SRFLX)),
            Optional.of(IceCredentials.of("bbbb", "bbbbbbbbbbbbbbbbbbbbbb")));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
    private final FakeRelay relay = new FakeRelay();
    private final Map<NodeId, PathChoice> direct = new HashMap<>();
    private final List<PathChoice> written = new ArrayList<>();

    private RelayPolicy policy(RelayMode mode) {
        return new RelayPolicy(
                mode, relay, id -> Optional.ofNullable(direct.get(id)), written::add, clock, Sleeper.SYSTEM);
    }

    private static PathChoice directChoice() {
        return new PathChoice(
                PEER,
                TestKeys.key(2),
                new Candidate(PEER_SRFLX, CandidateKind.SRFLX),
                Candidate.of(CandidateKind.HOST, "192.168.1.2:51820"));
    }

    @Test
    void givenNoDirectPairWithinTheCheckTimeout_auto_relaysThePeerAndWritesTheProxy() throws Exception {
        RelayPolicy policy = policy(RelayMode.AUTO);
        policy.learn(PEER, TestKeys.key(2), CHECKABLE);

        clock.advance(RelayPolicy.CHECK_TIMEOUT.minusMillis(1));
        policy.step();
        assertThat(relay.relayed).isEmpty();

        clock.advance(Duration.ofMillis(1));
        policy.step();
        assertThat(relay.relayed).containsExactly(PEER_SRFLX);
        assertThat(written).singleElement().satisfies(c -> {
            assertThat(c.remote()).isEqualTo(new Candidate(PATH.proxy(), CandidateKind.RELAY));
            assertThat(c.local()).isEqualTo(new Candidate(PATH.relayed(), CandidateKind.RELAY));
        });
        assertThat(policy.relayed(PEER)).contains(PATH.proxy());
    }

    @Test
    void givenAVerifiedDirectPair_auto_neverRelays() throws Exception {
        RelayPolicy policy = policy(RelayMode.AUTO);
        policy.learn(PEER, TestKeys.key(2), CHECKABLE);
        direct.put(PEER, directChoice());

        clock.advance(RelayPolicy.CHECK_TIMEOUT.multipliedBy(3));
        policy.step();

        assertThat(relay.relayed).isEmpty();
        assertThat(written).isEmpty();
        assertThat(policy.relayed(PEER)).isEmpty();
    }

    @Test
    void givenADirectPairAppearsWhileRelayed_auto_goesDirectAtOnceAndReleasesTheRelayAfterTheHold() throws Exception {
        RelayPolicy policy = policy(RelayMode.AUTO);
        policy.learn(PEER, TestKeys.key(2), CHECKABLE);
        clock.advance(RelayPolicy.CHECK_TIMEOUT);
        policy.step();
        assertThat(policy.relayed(PEER)).contains(PATH.proxy());

        direct.put(PEER, directChoice());
        policy.step();
        assertThat(policy.relayed(PEER)).isEmpty();
        assertThat(relay.released).isEmpty();

        clock.advance(RelayPolicy.DIRECT_HOLD.minusMillis(1));
        policy.step();
        assertThat(relay.released).isEmpty();

        clock.advance(Duration.ofMillis(1));
        policy.step();
        assertThat(relay.released).containsExactly(PEER_SRFLX);
    }

    @Test
    void givenAPeerWithARelayCandidate_theRelaySendsToItsRelay() throws Exception {
        RelayPolicy policy = policy(RelayMode.ALWAYS);
        List<Candidate> candidates = new ArrayList<>(CHECKABLE.candidates());
        candidates.add(new Candidate(PEER_RELAY, CandidateKind.RELAY));
        policy.learn(PEER, TestKeys.key(2), new Connectivity(candidates, CHECKABLE.ice()));
        direct.put(PEER, directChoice());

        policy.step();

        assertThat(relay.relayed).containsExactly(PEER_RELAY);
        assertThat(policy.relayed(PEER)).contains(PATH.proxy());
    }

    @Test
    void givenARelayedPeerLaterReportsItsRelay_theChannelMovesThere() throws Exception {
        RelayPolicy policy = policy(RelayMode.ALWAYS);
        policy.learn(PEER, TestKeys.key(2), CHECKABLE);
        policy.step();
        assertThat(relay.relayed).containsExactly(PEER_SRFLX);

        List<Candidate> candidates = new ArrayList<>(CHECKABLE.candidates());
        candidates.add(new Candidate(PEER_RELAY, CandidateKind.RELAY));
        policy.learn(PEER, TestKeys.key(2), new Connectivity(candidates, CHECKABLE.ice()));
        policy.step();

        assertThat(relay.released).containsExactly(PEER_SRFLX);
        assertThat(relay.relayed).containsExactly(PEER_SRFLX, PEER_RELAY);
        assertThat(relay.events).containsExactly("relay " + PEER_SRFLX, "relay " + PEER_RELAY, "release " + PEER_SRFLX);
        assertThat(written).hasSize(2);
        policy.step();
        assertThat(relay.relayed).hasSize(2);
    }

    @Test
    void givenOff_nothingIsEverRelayed_andAFailedRelayIsTriedAgainAfterADoublingBackOff() throws Exception {
        RelayPolicy off = policy(RelayMode.OFF);
        off.learn(PEER, TestKeys.key(2), CHECKABLE);
        clock.advance(RelayPolicy.CHECK_TIMEOUT.multipliedBy(2));
        off.step();
        assertThat(relay.relayed).isEmpty();

        relay.available = false;
        RelayPolicy auto = policy(RelayMode.AUTO);
        auto.learn(PEER, TestKeys.key(2), CHECKABLE);
        clock.advance(RelayPolicy.CHECK_TIMEOUT);
        auto.step();
        auto.step();
        assertThat(relay.relayed).hasSize(1);
        clock.advance(RelayPolicy.RELAY_RETRY.minusMillis(1));
        auto.step();
        assertThat(relay.relayed).as("not before the first back-off").hasSize(1);
        clock.advance(Duration.ofMillis(1));
        auto.step();
        assertThat(relay.relayed).as("after it").hasSize(2);
        clock.advance(RelayPolicy.RELAY_RETRY.multipliedBy(2).minusMillis(1));
        auto.step();
        assertThat(relay.relayed).as("the second back-off is twice as long").hasSize(2);
        relay.available = true;
        clock.advance(Duration.ofMillis(1));
        auto.step();
        assertThat(relay.relayed).hasSize(3);
        assertThat(auto.relayed(PEER)).contains(PATH.proxy());
    }

    @Test
    void givenTheRelayFailingForLong_itsRetriesBackOffToTheirLimit() throws Exception {
        relay.available = false;
        RelayPolicy auto = policy(RelayMode.AUTO);
        auto.learn(PEER, TestKeys.key(2), CHECKABLE);
        clock.advance(RelayPolicy.CHECK_TIMEOUT);
        auto.step();
        for (Duration wait = RelayPolicy.RELAY_RETRY;
                wait.compareTo(RelayPolicy.RELAY_RETRY_MAX) < 0;
                wait = wait.multipliedBy(2)) {
            clock.advance(wait);
            auto.step();
        }
        int attempts = relay.relayed.size();

        clock.advance(RelayPolicy.RELAY_RETRY_MAX.minusMillis(1));
        auto.step();
        assertThat(relay.relayed).hasSize(attempts);
        clock.advance(Duration.ofMillis(1));
        auto.step();
        assertThat(relay.relayed).hasSize(attempts + 1);
    }

    @Test
    void givenForgetOrClose_theRelayedPathIsReleased() throws Exception {
        RelayPolicy policy = policy(RelayMode.ALWAYS);
        policy.learn(PEER, TestKeys.key(2), CHECKABLE);
        policy.step();
        policy.forget(PEER);
        assertThat(relay.released).isEmpty();
        policy.step();
        assertThat(relay.released).containsExactly(PEER_SRFLX);

        policy.learn(PEER, TestKeys.key(2), CHECKABLE);
        policy.start();
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (relay.relayed.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        policy.close();
        assertThat(relay.released).hasSize(2);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals(RelayPolicy.THREAD_NAME));
    }

    @Test
    void givenPathsWithARelayPolicy_aRelayedPeersEndpointIsTheProxy_andADirectNominationDoesNotReplaceItUnderAlways()
            throws Exception {
        PathChecker checker = new PathChecker(IceCredentials.of("aaaa", "aaaaaaaaaaaaaaaaaaaaaa"), 7);
        RelayPolicy policy =
                new RelayPolicy(RelayMode.ALWAYS, relay, checker::chosen, written::add, clock, Sleeper.SYSTEM);
        Paths paths = new Paths(
                checker,
                new CandidateGatherer(List.of(), List.of(), 51820),
                new FakeCheckTransport(),
                clock,
                Sleeper.SYSTEM,
                written::add,
                Optional.of(policy));

        paths.learn(PEER, TestKeys.key(2), CHECKABLE);
        assertThat(paths.chosen(PEER)).isEmpty();
        policy.step();

        assertThat(paths.chosen(PEER)).contains(PATH.proxy());
        paths.forget(PEER);
        policy.step();
        assertThat(paths.chosen(PEER)).isEmpty();
        assertThat(relay.released).containsExactly(PEER_SRFLX);
        paths.close();
    }

    @Test
    void relayMode_parsesItsThreeNames() {
        assertThat(RelayMode.parse("auto")).isEqualTo(RelayMode.AUTO);
        assertThat(RelayMode.parse("off")).isEqualTo(RelayMode.OFF);
        assertThat(RelayMode.parse("always")).isEqualTo(RelayMode.ALWAYS);
        assertThatThrownBy(() -> RelayMode.parse("sometimes")).hasMessageContaining("auto, off or always");
    }

    private static final class FakeRelay implements Relay {
        final List<Endpoint> relayed = new ArrayList<>();
        final List<Endpoint> released = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        volatile boolean available = true;

        @Override
        public synchronized Optional<RelayedPath> relay(Endpoint remote) {
            relayed.add(remote);
            events.add("relay " + remote);
            return available ? Optional.of(PATH) : Optional.empty();
        }

        @Override
        public synchronized void release(Endpoint remote) {
            released.add(remote);
            events.add("release " + remote);
        }
    }
}
