package io.peerexchange.adapters.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.adapters.stun.codec.StunCodec;
import io.peerexchange.adapters.stun.codec.StunMessage;
import io.peerexchange.adapters.stun.codec.TransactionId;
import io.peerexchange.adapters.stun.testing.FakeStunServer;
import io.peerexchange.ports.AddressFamily;
import io.peerexchange.ports.BindingMethod;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import io.peerexchange.testing.net.FreePorts;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The transaction rules (RFC 8489 §6.2.1 and what counts as an answer) against misbehaving fake servers. */
class UdpStunClientTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final InetSocketAddress CLAIMED = new InetSocketAddress(address("198.51.100.7"), 40000);
    private static final InetSocketAddress FORGED = new InetSocketAddress(address("192.0.2.66"), 6666);

    private final UdpStunClient client = new UdpStunClient(StunSettings.defaults());

    @Test
    void givenServerThatAnswers_bind_returnsItsMappingServerAndLocalPort() throws Exception {
        int localPort = FreePorts.udp();
        try (FakeStunServer fake =
                FakeStunServer.start(LOOPBACK, (r, out) -> out.reply(FakeStunServer.success(r, CLAIMED)))) {
            MappedAddress mapped = client.bind(fake.server(), localPort, Duration.ofSeconds(10));

            assertThat(mapped.endpoint()).isEqualTo(Endpoint.of(CLAIMED));
            assertThat(mapped.server()).isEqualTo(fake.server());
            assertThat(mapped.serverAddress())
                    .isEqualTo(Endpoint.of(
                            new InetSocketAddress(LOOPBACK, fake.server().port())));
            assertThat(mapped.method()).isEqualTo(BindingMethod.BOUND);
            assertThat(mapped.localPort()).isEqualTo(localPort);
            // A retransmission (after 500 ms) may slip in on a stalled machine; every request must come from the port.
            assertThat(fake.requests())
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.client().getPort()).isEqualTo(localPort));
        }
    }

    @Test
    void givenAnIpv6Server_bindIpv6_bindsTheFreePortAndLearnsTheIpv6Mapping() throws Exception {
        int localPort = FreePorts.udp();
        InetAddress v6Loopback = InetAddress.getByName("::1");
        InetSocketAddress claimed = new InetSocketAddress(InetAddress.getByName("2001:db8:ff::10"), 40000);
        try (FakeStunServer fake =
                FakeStunServer.start(v6Loopback, (r, out) -> out.reply(FakeStunServer.success(r, claimed)))) {
            MappedAddress mapped = client.bind(fake.server(), AddressFamily.IPV6, localPort, Duration.ofSeconds(10));

            assertThat(mapped.endpoint()).hasToString("[2001:db8:ff::10]:40000");
            assertThat(mapped.serverAddress())
                    .hasToString("[::1]:" + fake.server().port());
            assertThat(mapped.method()).isEqualTo(BindingMethod.BOUND);
            assertThat(mapped.localPort()).isEqualTo(localPort);
            assertThat(fake.requests())
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.client().getPort()).isEqualTo(localPort));
        }
    }

    @Test
    void givenWrongTransactionId_bind_ignoresItAndTimesOut() throws Exception {
        try (FakeStunServer fake = FakeStunServer.start(
                LOOPBACK,
                (r, out) -> out.reply(StunCodec.encode(StunMessage.bindingSuccess(TransactionId.random(), CLAIMED))))) {
            assertThatThrownBy(() -> client.bind(fake.server(), 0, Duration.ofMillis(2000)))
                    .isInstanceOf(StunException.class)
                    .hasMessageContaining("no answer from STUN server " + fake.server())
                    .hasMessageContaining("transaction id does not match");
        }
    }

    @Test
    void givenAnswerFromWrongAddressFirst_bind_ignoresItAndTakesTheServersOwn() throws Exception {
        try (FakeStunServer fake = FakeStunServer.start(LOOPBACK, (r, out) -> {
            out.replyFromOtherAddress(FakeStunServer.success(r, FORGED));
            if (r.index() == 1) {
                out.reply(FakeStunServer.success(r, CLAIMED));
            }
        })) {
            MappedAddress mapped = client.bind(fake.server(), 0, Duration.ofSeconds(10));

            assertThat(mapped.endpoint()).isEqualTo(Endpoint.of(CLAIMED));
            assertThat(fake.requests()).hasSize(2);
        }
    }

    @Test
    void givenOnlyAnswersFromWrongAddress_bind_timesOut() throws Exception {
        try (FakeStunServer fake = FakeStunServer.start(
                LOOPBACK, (r, out) -> out.replyFromOtherAddress(FakeStunServer.success(r, FORGED)))) {
            assertThatThrownBy(() -> client.bind(fake.server(), 0, Duration.ofMillis(700)))
                    .isInstanceOf(StunException.class)
                    .hasMessageContaining("no answer from STUN server " + fake.server());
        }
    }

    @Test
    void givenErrorResponse_bind_failsAtOnceWithCodeAndReason() throws Exception {
        try (FakeStunServer fake =
                FakeStunServer.start(LOOPBACK, (r, out) -> out.reply(FakeStunServer.error(r, 401, "Unauthorized")))) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> client.bind(fake.server(), 0, Duration.ofSeconds(5)))
                    .isInstanceOf(StunException.class)
                    .hasMessage("STUN server " + fake.server() + " answered with error 401 Unauthorized");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void givenTruncatedAnswersThenAGoodOne_bind_ignoresTheTruncated() throws Exception {
        try (FakeStunServer fake = FakeStunServer.start(LOOPBACK, (r, out) -> {
            byte[] answer = FakeStunServer.success(r, CLAIMED);
            for (int length : new int[] {0, 7, 19, 20, answer.length - 8, answer.length - 1}) {
                out.reply(Arrays.copyOf(answer, length));
            }
            if (r.index() == 1) {
                out.reply(answer);
            }
        })) {
            assertThat(client.bind(fake.server(), 0, Duration.ofSeconds(10)).endpoint())
                    .isEqualTo(Endpoint.of(CLAIMED));
        }
    }

    @Test
    void givenOnlyTruncatedAnswers_bind_timesOutNamingTheRejection() throws Exception {
        try (FakeStunServer fake = FakeStunServer.start(LOOPBACK, (r, out) -> {
            byte[] answer = FakeStunServer.success(r, CLAIMED);
            out.reply(Arrays.copyOf(answer, answer.length - 4));
        })) {
            assertThatThrownBy(() -> client.bind(fake.server(), 0, Duration.ofMillis(2000)))
                    .isInstanceOf(StunException.class)
                    .hasMessageContaining("last rejected answer: message length says");
        }
    }

    @Test
    void givenGarbageAndStrays_bind_ignoresThemAndSucceeds() throws Exception {
        try (FakeStunServer fake = FakeStunServer.start(LOOPBACK, (r, out) -> {
            out.reply("hello, not STUN".getBytes());
            out.reply(new byte[1400]);
            out.replyFromOtherAddress(new byte[] {1, 2, 3});
            out.reply(FakeStunServer.success(r, CLAIMED));
        })) {
            assertThat(client.bind(fake.server(), 0, Duration.ofSeconds(10)).endpoint())
                    .isEqualTo(Endpoint.of(CLAIMED));
        }
    }

    @Test
    void givenServerThatOnlyAnswersTheThirdRetransmission_bind_succeedsAfterRtoDoubling() throws Exception {
        try (FakeStunServer fake = FakeStunServer.start(LOOPBACK, (r, out) -> {
            if (r.index() == 3) {
                out.reply(FakeStunServer.success(r, CLAIMED));
            }
        })) {
            MappedAddress mapped = client.bind(fake.server(), 0, Duration.ofSeconds(15));

            assertThat(mapped.endpoint()).isEqualTo(Endpoint.of(CLAIMED));
            List<FakeStunServer.Request> requests = fake.requests();
            assertThat(requests).hasSize(4);
            assertThat(requests)
                    .extracting(FakeStunServer.Request::transactionId)
                    .containsOnly(requests.get(0).transactionId());
            assertThat(requests)
                    .extracting(r -> r.client().getPort())
                    .containsOnly(requests.get(0).client().getPort());
            // Gaps between consecutive arrivals, each on its own, so one stall does not shift every later arrival.
            // Nominal 500 / 1000 / 2000 ms; 250 ms early (the fake stamping one arrival late) or 500 ms late is
            // allowed. A fixed RTO (gap2 = 500) or a linear one (gap3 = 1500) still fails.
            long gap1 = millisBetween(
                    requests.get(0).arrivalNanos(), requests.get(1).arrivalNanos());
            long gap2 = millisBetween(
                    requests.get(1).arrivalNanos(), requests.get(2).arrivalNanos());
            long gap3 = millisBetween(
                    requests.get(2).arrivalNanos(), requests.get(3).arrivalNanos());
            assertThat(gap1).isBetween(250L, 1000L);
            assertThat(gap2).isBetween(750L, 1500L);
            assertThat(gap3).isBetween(1750L, 2500L);
        }
    }

    @Test
    void givenSilentServer_bind_retransmitsOnlyWithinTheTimeout() throws Exception {
        try (FakeStunServer fake = FakeStunServer.start(LOOPBACK, (r, out) -> {})) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> client.bind(fake.server(), 0, Duration.ofMillis(1200)))
                    .isInstanceOf(StunException.class)
                    .hasMessage("no answer from STUN server " + fake.server() + " within 1200 ms (2 requests sent)");
            // Not before the deadline; after it, at most a stall late (the next retransmission, due at 1500 ms,
            // is already excluded by "2 requests sent"; ignoring the deadline would run for 31.5 s).
            assertThat(millisBetween(start, System.nanoTime())).isBetween(1150L, 3000L);
        }
    }

    @Test
    void givenIpv6Server_bind_getsTheMapping() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        InetSocketAddress claimed = new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 51820);
        try (FakeStunServer fake =
                FakeStunServer.start(v6, (r, out) -> out.reply(FakeStunServer.success(r, claimed)))) {
            StunServer server = StunServer.parse("[::1]:" + fake.server().port());

            MappedAddress mapped = client.bind(server, 0, Duration.ofSeconds(10));

            assertThat(mapped.endpoint()).hasToString("[2001:db8::7]:51820");
            assertThat(mapped.serverAddress())
                    .hasToString("[::1]:" + fake.server().port());
        }
    }

    @Test
    void givenUnresolvableName_bind_failsClearly() {
        StunServer server = StunServer.parse("stun.nonexistent.invalid:3478");

        assertThatThrownBy(() -> client.bind(server, 0, Duration.ofSeconds(1)))
                .isInstanceOf(StunException.class)
                .hasMessage("cannot resolve STUN server stun.nonexistent.invalid:3478: unknown host");
    }

    @Test
    void givenLocalPortInUse_bind_failsWithPortInUse() throws Exception {
        try (DatagramSocket holder = new DatagramSocket(new InetSocketAddress(0));
                FakeStunServer fake =
                        FakeStunServer.start(LOOPBACK, (r, out) -> out.reply(FakeStunServer.reflect(r)))) {
            assertThatThrownBy(() -> client.bind(fake.server(), holder.getLocalPort(), Duration.ofSeconds(1)))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("cannot bind local UDP port " + holder.getLocalPort());
            assertThat(fake.requests()).isEmpty();
        }
    }

    @Test
    void givenInterruptWhileWaiting_bind_returnsPromptlyAndReleasesThePort() throws Exception {
        int localPort = FreePorts.udp();
        try (FakeStunServer fake = FakeStunServer.start(LOOPBACK, (r, out) -> {})) {
            AtomicReference<Thread> worker = new AtomicReference<>();
            CompletableFuture<MappedAddress> call = CompletableFuture.supplyAsync(() -> {
                worker.set(Thread.currentThread());
                try {
                    return client.bind(fake.server(), localPort, Duration.ofSeconds(30));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Interrupt right after the third request: the next one is due 2000 ms later, so a client that only
            // looked at the interrupt between retransmissions would take ~2 s; the 100 ms wait slices take ~0.1 s.
            while (fake.requests().size() < 3) {
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            worker.get().interrupt();

            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasRootCauseInstanceOf(InterruptedException.class);
            assertThat(millisBetween(start, System.nanoTime())).isLessThan(1000);
            try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(localPort))) {
                assertThat(again.getLocalPort()).isEqualTo(localPort);
            }
        }
    }

    @Test
    void givenCompletedBinding_bind_releasesTheLocalPort() throws Exception {
        int localPort = FreePorts.udp();
        try (FakeStunServer fake = FakeStunServer.start(LOOPBACK, (r, out) -> out.reply(FakeStunServer.reflect(r)))) {
            client.bind(fake.server(), localPort, Duration.ofSeconds(10));

            try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(localPort))) {
                assertThat(again.getLocalPort()).isEqualTo(localPort);
            }
        }
    }

    @Test
    void givenBadArguments_bind_rejectsThem() {
        StunServer server = new StunServer("127.0.0.1", 3478);

        assertThatThrownBy(() -> client.bind(server, -1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.bind(server, 65536, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.bind(server, 0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private static long millisBetween(long fromNanos, long toNanos) {
        return Duration.ofNanos(toNanos - fromNanos).toMillis();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
