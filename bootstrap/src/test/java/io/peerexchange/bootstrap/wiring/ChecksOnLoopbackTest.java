package io.peerexchange.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.adapters.stun.checks.RawCheckTransport;
import io.peerexchange.domain.Sleeper;
import io.peerexchange.domain.paths.CandidateGatherer;
import io.peerexchange.domain.paths.PathChecker;
import io.peerexchange.domain.paths.PathChoice;
import io.peerexchange.domain.paths.Paths;
import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.IceCredentials;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.PathKind;
import io.peerexchange.ports.WireGuardFwmark;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.testing.env.Require;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' checks, domain and raw-socket transport together, on loopback: each "WireGuard port"
 * is held by an ordinary UDP socket as WireGuard would hold it; one reported candidate of each side
 * is dead, one works. Both sides choose the working pair (root: raw sockets).
 */
class ChecksOnLoopbackTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Node(DatagramSocket wireGuard, Paths paths, List<PathChoice> choices, IceCredentials ice) {}

    private static Node node(String name) throws Exception {
        DatagramSocket wireGuard = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = wireGuard.getLocalPort();
        IceCredentials ice = IceCredentials.random(RANDOM);
        List<PathChoice> choices = new CopyOnWriteArrayList<>();
        Paths paths = new Paths(
                new PathChecker(ice, RANDOM.nextLong()),
                new CandidateGatherer(
                        List.of(p -> List.of(Candidate.of(CandidateKind.HOST, "127.0.0.1:" + p))), List.of(), port),
                new RawCheckTransport(port, WireGuardFwmark.NONE),
                Clock.systemUTC(),
                Sleeper.SYSTEM,
                choices::add);
        return new Node(wireGuard, paths, choices, ice);
    }

    private static WireGuardKey key(int n) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) n;
        return WireGuardKey.fromBase64(Base64.getEncoder().encodeToString(bytes));
    }

    @Test
    void givenTwoNodesOnLoopback_checks_chooseTheWorkingPairOnBothSides() throws Exception {
        Require.root("the check transport uses raw sockets, which need CAP_NET_RAW");
        Node a = node("a");
        Node b = node("b");
        try {
            a.paths.start();
            b.paths.start();
            Connectivity ofA = a.paths.gather(List.of());
            Connectivity ofB = b.paths.gather(List.of());
            // A candidate nobody answers at, reported first: checks must get past it.
            Candidate dead = Candidate.of(CandidateKind.SRFLX, "127.0.0.1:9");
            a.paths.learn(NodeId.of("b"), key(2), withFirst(dead, ofB));
            b.paths.learn(NodeId.of("a"), key(1), withFirst(dead, ofA));

            long end = System.nanoTime() + 5_000_000_000L;
            while ((a.choices.isEmpty() || b.choices.isEmpty()) && System.nanoTime() < end) {
                Thread.sleep(20);
            }

            Endpoint atA = Endpoint.of((InetSocketAddress) a.wireGuard.getLocalSocketAddress());
            Endpoint atB = Endpoint.of((InetSocketAddress) b.wireGuard.getLocalSocketAddress());
            assertThat(a.choices).extracting(c -> c.remote().endpoint()).containsExactly(atB);
            assertThat(b.choices).extracting(c -> c.remote().endpoint()).containsExactly(atA);
            assertThat(a.paths.pathKind(NodeId.of("b"))).isEqualTo(PathKind.HOST);
        } finally {
            a.paths.close();
            b.paths.close();
            a.wireGuard.close();
            b.wireGuard.close();
        }
    }

    private static Connectivity withFirst(Candidate first, Connectivity connectivity) {
        List<Candidate> candidates = new java.util.ArrayList<>();
        candidates.add(first);
        candidates.addAll(connectivity.candidates());
        return new Connectivity(candidates, connectivity.ice());
    }
}
