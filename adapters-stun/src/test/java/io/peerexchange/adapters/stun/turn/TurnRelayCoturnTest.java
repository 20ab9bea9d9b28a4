package io.peerexchange.adapters.stun.turn;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.RelayedPath;
import io.peerexchange.ports.StunServer;
import io.peerexchange.testing.coturn.Coturn;
import io.peerexchange.testing.net.FreePorts;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The TURN client and relay proxy against a real coturn on loopback: long-term and time-limited
 * credentials, data both ways through a channel, a far peer that sends plain UDP from a new port,
 * and each failure (wrong password, quota, unreachable, garbage) as one warning and no relay.
 */
class TurnRelayCoturnTest {
    private static final String REALM = "px.test";
    private static final String USER = "alice";
    private static final String PASSWORD = "not-the-secret-42";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger relayLogger = (Logger) LoggerFactory.getLogger(TurnRelay.class);
    private DatagramSocket wireGuard;
    private DatagramSocket farPeer;

    @BeforeEach
    void sockets() throws Exception {
        logs.start();
        relayLogger.addAppender(logs);
        wireGuard = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        farPeer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        wireGuard.setSoTimeout(3_000);
        farPeer.setSoTimeout(3_000);
    }

    @AfterEach
    void close() {
        relayLogger.detachAppender(logs);
        wireGuard.close();
        farPeer.close();
    }

    private static Coturn longTermCoturn(String address) throws Exception {
        return Coturn.listeningOn(address)
                .longTermUser(REALM, USER, PASSWORD)
                .relayIp(address)
                .start();
    }

    private TurnRelay relay(Coturn coturn, TurnCredentials credentials) throws Exception {
        return new TurnRelay(
                List.of(new StunServer(
                        coturn.address().replaceAll(":\\d+$", "").replaceAll("[\\[\\]]", ""), coturn.port())),
                credentials,
                wireGuard.getLocalAddress(),
                wireGuard.getLocalPort());
    }

    private static Endpoint endpointOf(DatagramSocket socket) {
        return Endpoint.of(new InetSocketAddress(socket.getLocalAddress(), socket.getLocalPort()));
    }

    @Test
    void givenLongTermCredentials_relay_carriesDatagramsBothWays() throws Exception {
        try (Coturn coturn = longTermCoturn("127.0.0.1");
                TurnRelay relay = relay(coturn, TurnCredentials.longTerm(USER, PASSWORD))) {
            Endpoint proxy = relay.relay(endpointOf(farPeer)).orElseThrow().proxy();
            Endpoint relayed = relay.relayedAddress().orElseThrow();
            assertThat(relayed.address()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(proxy.address().isLoopbackAddress()).isTrue();
            assertThat(relay.candidates(51820))
                    .singleElement()
                    .satisfies(c -> assertThat(c.kind()).isEqualTo(CandidateKind.RELAY));

            send(wireGuard, "handshake initiation", proxy.toSocketAddress());
            DatagramPacket atFar = receive(farPeer);
            assertThat(text(atFar)).isEqualTo("handshake initiation");
            assertThat(Endpoint.of((InetSocketAddress) atFar.getSocketAddress()))
                    .isEqualTo(relayed);

            send(farPeer, "handshake response", relayed.toSocketAddress());
            DatagramPacket atWireGuard = receive(wireGuard);
            assertThat(text(atWireGuard)).isEqualTo("handshake response");
            assertThat(Endpoint.of((InetSocketAddress) atWireGuard.getSocketAddress()))
                    .isEqualTo(proxy);
            // The proxy counts a datagram once WireGuard's socket took it, so the count may trail the datagram.
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (relay.bytesIn(endpointOf(farPeer)) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(relay.bytesIn(endpointOf(farPeer))).isEqualTo("handshake response".length());
            assertThat(relay.relay(endpointOf(farPeer)).orElseThrow().relayed()).isEqualTo(relayed);

            relay.release(endpointOf(farPeer));
            assertThat(relay.relayedAddress()).isEmpty();
            assertThat(relay.candidates(51820)).isEmpty();
        }
    }

    @Test
    void givenAFarPeerSendingFromAnotherPort_relay_deliversItAndAnswersThere() throws Exception {
        try (Coturn coturn = longTermCoturn("127.0.0.1");
                TurnRelay relay = relay(coturn, TurnCredentials.longTerm(USER, PASSWORD));
                DatagramSocket movedPeer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            movedPeer.setSoTimeout(3_000);
            Endpoint proxy = relay.relay(endpointOf(farPeer)).orElseThrow().proxy();
            Endpoint relayed = relay.relayedAddress().orElseThrow();

            // as from behind a symmetric NAT: the same host, a port nobody reported
            send(movedPeer, "from a new port", relayed.toSocketAddress());
            assertThat(text(receive(wireGuard))).isEqualTo("from a new port");

            assertThat(answeredAt(movedPeer, proxy)).isEqualTo("answer");
        }
    }

    @Test
    void givenAPeerThatMovedToAnAddress_relayingThatAddress_takesOverItsChannelAndProxy() throws Exception {
        try (Coturn coturn = longTermCoturn("127.0.0.1");
                TurnRelay relay = relay(coturn, TurnCredentials.longTerm(USER, PASSWORD));
                DatagramSocket movedPeer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            Endpoint proxy = relay.relay(endpointOf(farPeer)).orElseThrow().proxy();
            Endpoint relayed = relay.relayedAddress().orElseThrow();
            send(movedPeer, "from a new port", relayed.toSocketAddress());
            assertThat(text(receive(wireGuard))).isEqualTo("from a new port");
            assertThat(answeredAt(movedPeer, proxy)).isEqualTo("answer");

            // The far peer reports the address it moved to: the channel bound to it serves, none is bound again.
            assertThat(relay.relay(endpointOf(movedPeer)).orElseThrow().proxy()).isEqualTo(proxy);
            relay.release(endpointOf(farPeer));

            assertThat(relay.relayedAddress()).hasValue(relayed);
            assertThat(answeredAt(movedPeer, proxy)).isEqualTo("answer");
            assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().startsWith("TURN request failed"));
        }
    }

    /** What reaches {@code peer} when WireGuard sends to {@code proxy}, retried while a rebind is pending. */
    private String answeredAt(DatagramSocket peer, Endpoint proxy) throws Exception {
        long deadline = System.nanoTime() + 3_000_000_000L;
        peer.setSoTimeout(200);
        while (System.nanoTime() < deadline) {
            send(wireGuard, "answer", proxy.toSocketAddress());
            try {
                return text(receive(peer));
            } catch (java.net.SocketTimeoutException e) {
                // the channel is bound again on the maintenance tick
            }
        }
        return null;
    }

    @Test
    void givenNoncesThatGoStale_relay_takesTheNewNonceAndKeepsItsAllocation() throws Exception {
        try (Coturn coturn = Coturn.listeningOn("127.0.0.1")
                        .longTermUser(REALM, USER, PASSWORD)
                        .staleNonce(1)
                        .relayIp("127.0.0.1")
                        .flags("--verbose")
                        .start();
                TurnRelay relay = relay(coturn, TurnCredentials.longTerm(USER, PASSWORD))) {
            Endpoint proxy = relay.relay(endpointOf(farPeer)).orElseThrow().proxy();
            Endpoint relayed = relay.relayedAddress().orElseThrow();
            // several Refreshes (every ALLOCATION_CHECK) each meet a stale nonce first
            Thread.sleep(3 * TurnRelay.ALLOCATION_CHECK.toMillis());
            assertThat(relay.relayedAddress()).contains(relayed);
            assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().startsWith("TURN"));
            assertThat(coturn.log()).contains("438");
            send(wireGuard, "still there", proxy.toSocketAddress());
            assertThat(text(receive(farPeer))).isEqualTo("still there");
        }
    }

    @Test
    void givenTimeLimitedCredentials_relay_allocates() throws Exception {
        try (Coturn coturn = Coturn.listeningOn("127.0.0.1")
                        .authSecret(REALM, "shared-secret-xyz")
                        .relayIp("127.0.0.1")
                        .start();
                TurnRelay relay = relay(
                        coturn,
                        TurnCredentials.timeLimited(
                                USER, "shared-secret-xyz".getBytes(StandardCharsets.UTF_8), Clock.systemUTC()))) {
            Endpoint proxy = relay.relay(endpointOf(farPeer)).orElseThrow().proxy();
            send(wireGuard, "ping", proxy.toSocketAddress());
            assertThat(text(receive(farPeer))).isEqualTo("ping");
        }
    }

    @Test
    void givenAnIpv6Server_relay_allocatesAnIpv6Address() throws Exception {
        wireGuard.close();
        farPeer.close();
        InetAddress v6 = InetAddress.getByName("::1");
        wireGuard = new DatagramSocket(new InetSocketAddress(v6, 0));
        farPeer = new DatagramSocket(new InetSocketAddress(v6, 0));
        wireGuard.setSoTimeout(3_000);
        farPeer.setSoTimeout(3_000);
        try (Coturn coturn = longTermCoturn("::1");
                TurnRelay relay = relay(coturn, TurnCredentials.longTerm(USER, PASSWORD))) {
            Endpoint proxy = relay.relay(endpointOf(farPeer)).orElseThrow().proxy();
            assertThat(relay.relayedAddress().orElseThrow().isIpv6()).isTrue();
            send(wireGuard, "v6", proxy.toSocketAddress());
            assertThat(text(receive(farPeer))).isEqualTo("v6");
        }
    }

    @Test
    void givenAWrongPassword_allocate_logsUnauthorizedAndRelaysNothing() throws Exception {
        try (Coturn coturn = longTermCoturn("127.0.0.1");
                TurnRelay relay = relay(coturn, TurnCredentials.longTerm(USER, "wrong-password-77"))) {
            assertThat(relay.allocate()).isEmpty();
            assertThat(relay.relay(endpointOf(farPeer))).isEmpty();
            assertThat(relay.candidates(51820)).isEmpty();
            assertThat(failures()).contains("unauthorized");
            assertThat(allLogText()).doesNotContain("wrong-password-77");
        }
    }

    @Test
    void givenTheQuotaIsTaken_allocate_logsAllocationQuota_andAStoppedRelayGivesItsAllocationBack() throws Exception {
        try (Coturn coturn = Coturn.listeningOn("127.0.0.1")
                .longTermUser(REALM, USER, PASSWORD)
                .userQuota(1)
                .relayIp("127.0.0.1")
                .start()) {
            TurnRelay first = relay(coturn, TurnCredentials.longTerm(USER, PASSWORD));
            assertThat(first.allocate()).isPresent();
            try (TurnRelay second = relay(coturn, TurnCredentials.longTerm(USER, PASSWORD))) {
                assertThat(second.allocate()).isEmpty();
                assertThat(failures()).contains("allocation_quota");
                first.close();
                // Refresh lifetime 0 freed the quota (coturn frees it on its next timer tick)
                Optional<Endpoint> again = Optional.empty();
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (again.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    again = second.allocate();
                }
                assertThat(again).isPresent();
            }
        }
    }

    @Test
    void givenServersInOrder_allocate_skipsAnUnreachableOneAndUsesTheNext() throws Exception {
        int closedPort = FreePorts.udp();
        try (Coturn coturn = longTermCoturn("127.0.0.1");
                TurnRelay relay = new TurnRelay(
                        List.of(new StunServer("127.0.0.1", closedPort), new StunServer("127.0.0.1", coturn.port())),
                        TurnCredentials.longTerm(USER, PASSWORD),
                        LOOPBACK,
                        wireGuard.getLocalPort())) {
            assertThat(relay.allocate()).isPresent();
            assertThat(failures()).containsExactly("unreachable");
        }
    }

    @Test
    void givenAServerSendingGarbage_allocate_logsGarbageAndRelaysNothing() throws Exception {
        try (DatagramSocket garbage = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            Thread answerer = new Thread(() -> {
                byte[] buffer = new byte[2048];
                try {
                    while (!garbage.isClosed()) {
                        DatagramPacket request = new DatagramPacket(buffer, buffer.length);
                        garbage.receive(request);
                        byte[] junk = "HTTP/1.1 400 nonsense".getBytes(StandardCharsets.US_ASCII);
                        garbage.send(new DatagramPacket(junk, junk.length, request.getSocketAddress()));
                    }
                } catch (java.io.IOException e) {
                    // closed
                }
            });
            answerer.start();
            try (TurnRelay relay = new TurnRelay(
                    List.of(new StunServer("127.0.0.1", garbage.getLocalPort())),
                    TurnCredentials.longTerm(USER, PASSWORD),
                    LOOPBACK,
                    wireGuard.getLocalPort())) {
                assertThat(relay.allocate()).isEmpty();
                assertThat(failures()).containsExactly("garbage");
            }
            garbage.close();
            answerer.join();
        }
    }

    @Test
    void givenCoturnRestarts_relay_allocatesAgainAndTheProxyAddressStays() throws Exception {
        try (Coturn coturn = longTermCoturn("127.0.0.1");
                TurnRelay relay = relay(coturn, TurnCredentials.longTerm(USER, PASSWORD))) {
            Endpoint proxy = relay.relay(endpointOf(farPeer)).orElseThrow().proxy();
            Endpoint before = relay.relayedAddress().orElseThrow();
            long restarted = System.nanoTime();
            coturn.restart();
            Optional<Endpoint> after = Optional.empty();
            while (System.nanoTime() - restarted < 10_000_000_000L) {
                after = relay.relayedAddress();
                if (after.isPresent() && !after.get().equals(before)) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(after).isPresent();
            send(farPeer, "after restart", after.get().toSocketAddress());
            DatagramPacket atWireGuard = receive(wireGuard);
            assertThat(text(atWireGuard)).isEqualTo("after restart");
            assertThat(Endpoint.of((InetSocketAddress) atWireGuard.getSocketAddress()))
                    .isEqualTo(proxy);
        }
    }

    @Test
    void givenCoturnRestarted_relayingAnotherPeerAtOnce_allocatesAgainInThatCall_andKeepsTheFirstPeer()
            throws Exception {
        try (Coturn coturn = longTermCoturn("127.0.0.1");
                TurnRelay relay = relay(coturn, TurnCredentials.longTerm(USER, PASSWORD));
                DatagramSocket secondPeer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            Endpoint firstProxy = relay.relay(endpointOf(farPeer)).orElseThrow().proxy();
            Endpoint before = relay.relayedAddress().orElseThrow();
            coturn.restart();

            Optional<RelayedPath> second = relay.relay(endpointOf(secondPeer));

            assertThat(second).as("a path on the server's new allocation").isPresent();
            assertThat(second.get().relayed()).isNotEqualTo(before);
            send(farPeer, "first peer after restart", second.get().relayed().toSocketAddress());
            DatagramPacket atWireGuard = receive(wireGuard);
            assertThat(text(atWireGuard)).isEqualTo("first peer after restart");
            assertThat(Endpoint.of((InetSocketAddress) atWireGuard.getSocketAddress()))
                    .isEqualTo(firstProxy);
        }
    }

    private List<String> failures() {
        return logs.list.stream()
                .filter(e -> e.getFormattedMessage().equals("TURN server failed"))
                .map(e -> e.getKeyValuePairs().stream()
                        .filter(kv -> kv.key.equals("reason"))
                        .map(kv -> String.valueOf(kv.value))
                        .findFirst()
                        .orElse(""))
                .toList();
    }

    private String allLogText() {
        StringBuilder all = new StringBuilder();
        logs.list.forEach(e ->
                all.append(e.getFormattedMessage()).append(e.getKeyValuePairs()).append('\n'));
        return all.toString();
    }

    private static void send(DatagramSocket socket, String text, InetSocketAddress to) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    private static DatagramPacket receive(DatagramSocket socket) throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        socket.receive(packet);
        return packet;
    }

    private static String text(DatagramPacket packet) {
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }
}
