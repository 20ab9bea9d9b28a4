package io.peerexchange.adapters.stun;

import io.peerexchange.adapters.stun.codec.StunCodec;
import io.peerexchange.adapters.stun.codec.StunMessage;
import io.peerexchange.adapters.stun.codec.TransactionId;
import io.peerexchange.adapters.stun.testing.FakeStunServer;
import io.peerexchange.adapters.stun.testing.FreePorts;
import io.peerexchange.ports.BindingMethod;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import org.junit.jupiter.api.Test;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The transaction rules (RFC 8489 §6.2.1 and what counts as an answer) against misbehaving fake servers. */
class UdpStunClientTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final InetSocketAddress CLAIMED = new InetSocketAddress(address("198.51.100.7"), 40000);
    private static final InetSocketAddress FORGED = new InetSocketAddress(address("192.0.2.66"), 6666);

    private final UdpStunClient client = new UdpStunClient(StunSettings.defaults());

    @Test
    void givenServerThatAnswers_bind_returnsItsMappingServerAndLocalPort() throws Exception {
        int localPort = FreePorts.udp();
        try (FakeStunServer fake = FakeStunServer.start(LOOPBACK, (r, out) -> out.reply(FakeStunServer.success(r, CLAIMED)))) {
            MappedAddress mapped = client.bind(fake.server(), localPort, Duration.ofSeconds(2));

            assertThat(mapped.endpoint()).isEqualTo(Endpoint.of(CLAIMED));
            assertThat(mapped.server()).isEqualTo(fake.server());
            assertThat(mapped.serverAddress()).isEqualTo(Endpoint.of(new InetSocketAddress(LOOPBACK, fake.server().port())));
            assertThat(mapped.method()).isEqualTo(BindingMethod.BOUND);
            assertThat(mapped.localPort()).isEqualTo(localPort);
            assertThat(fake.requests()).singleElement().satisfies(r -> assertThat(r.client().getPort()).isEqualTo(localPort));
        }
    }

    @Test
    void givenWrongTransactionId_bind_ignoresItAndTimesOut() throws Exception {
        try (FakeStunServer fake = FakeStunServer.start(LOOPBACK, (r, out) -> out.reply(
                StunCodec.encode(StunMessage.bindingSuccess(TransactionId.random(), CLAIMED))))) {
            assertThatThrownBy(() -> client.bind(fake.server(), 0, Duration.ofMillis(800)))
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
            MappedAddress mapped = client.bind(fake.server(), 0, Duration.ofSeconds(3));

            assertThat(mapped.endpoint()).isEqualTo(Endpoint.of(CLAIMED));
            assertThat(fake.requests()).hasSize(2);
        }
    }

    @Test
    void givenOnlyAnswersFromWrongAddress_bind_timesOut() throws Exception {
        try (FakeStunServer fake = FakeStunServer.start(LOOPBACK,
                (r, out) -> out.replyFromOtherAddress(FakeStunServer.success(r, FORGED)))) {
            assertThatThrownBy(() -> client.bind(fake.server(), 0, Duration.ofMillis(700)))
                    .isInstanceOf(StunException.class)
                    .hasMessageContaining("no answer from STUN server " + fake.server());
        }
    }

    @Test
    void givenErrorResponse_bind_failsAtOnceWithCodeAndReason() throws Exception {
        try (FakeStunServer fake = FakeStunServer.start(LOOPBACK,
                (r, out) -> out.reply(FakeStunServer.error(r, 401, "Unauthorized")))) {
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
            assertThat(client.bind(fake.server(), 0, Duration.ofSeconds(3)).endpoint()).isEqualTo(Endpoint.of(CLAIMED));
        }
    }

    @Test
    void givenOnlyTruncatedAnswers_bind_timesOutNamingTheRejection() throws Exception {
        try (FakeStunServer fake = FakeStunServer.start(LOOPBACK, (r, out) -> {
            byte[] answer = FakeStunServer.success(r, CLAIMED);
            out.reply(Arrays.copyOf(answer, answer.length - 4));
        })) {
            assertThatThrownBy(() -> client.bind(fake.server(), 0, Duration.ofMillis(700)))
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
            assertThat(client.bind(fake.server(), 0, Duration.ofSeconds(2)).endpoint()).isEqualTo(Endpoint.of(CLAIMED));
        }
    }

    @Test
    void givenServerThatOnlyAnswersTheThirdRetransmission_bind_succeedsAfterRtoDoubling() throws Exception {
        try (FakeStunServer fake = FakeStunServer.start(LOOPBACK, (r, out) -> {
            if (r.index() == 3) {
                out.reply(FakeStunServer.success(r, CLAIMED));
            }
        })) {
            MappedAddress mapped = client.bind(fake.server(), 0, Duration.ofSeconds(5));

            assertThat(mapped.endpoint()).isEqualTo(Endpoint.of(CLAIMED));
            List<FakeStunServer.Request> requests = fake.requests();
            assertThat(requests).hasSize(4);
            assertThat(requests).extracting(FakeStunServer.Request::transactionId).containsOnly(requests.get(0).transactionId());
            assertThat(requests).extracting(r -> r.client().getPort()).containsOnly(requests.get(0).client().getPort());
            long t0 = requests.get(0).arrivalNanos();
            assertThat(millisBetween(t0, requests.get(1).arrivalNanos())).isCloseTo(500, within(150L));
            assertThat(millisBetween(t0, requests.get(2).arrivalNanos())).isCloseTo(1500, within(200L));
            assertThat(millisBetween(t0, requests.get(3).arrivalNanos())).isCloseTo(3500, within(250L));
        }
    }

    @Test
    void givenSilentServer_bind_retransmitsOnlyWithinTheTimeout() throws Exception {
        try (FakeStunServer fake = FakeStunServer.start(LOOPBACK, (r, out) -> { })) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> client.bind(fake.server(), 0, Duration.ofMillis(1200)))
                    .isInstanceOf(StunException.class)
                    .hasMessage("no answer from STUN server " + fake.server() + " within 1200 ms (2 requests sent)");
            assertThat(millisBetween(start, System.nanoTime())).isBetween(1150L, 1700L);
        }
    }

    @Test
    void givenIpv6Server_bind_getsTheMapping() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        InetSocketAddress claimed = new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 51820);
        try (FakeStunServer fake = FakeStunServer.start(v6, (r, out) -> out.reply(FakeStunServer.success(r, claimed)))) {
            StunServer server = StunServer.parse("[::1]:" + fake.server().port());

            MappedAddress mapped = client.bind(server, 0, Duration.ofSeconds(2));

            assertThat(mapped.endpoint()).hasToString("[2001:db8::7]:51820");
            assertThat(mapped.serverAddress()).hasToString("[::1]:" + fake.server().port());
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
             FakeStunServer fake = FakeStunServer.start(LOOPBACK, (r, out) -> out.reply(FakeStunServer.reflect(r)))) {
            assertThatThrownBy(() -> client.bind(fake.server(), holder.getLocalPort(), Duration.ofSeconds(1)))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("cannot bind local UDP port " + holder.getLocalPort());
            assertThat(fake.requests()).isEmpty();
        }
    }

    @Test
    void givenInterruptWhileWaiting_bind_returnsPromptlyAndReleasesThePort() throws Exception {
        int localPort = FreePorts.udp();
        try (FakeStunServer fake = FakeStunServer.start(LOOPBACK, (r, out) -> { })) {
            AtomicReference<Thread> worker = new AtomicReference<>();
            CompletableFuture<MappedAddress> call = CompletableFuture.supplyAsync(() -> {
                worker.set(Thread.currentThread());
                try {
                    return client.bind(fake.server(), localPort, Duration.ofSeconds(10));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            while (fake.requests().isEmpty()) {
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            worker.get().interrupt();

            assertThatThrownBy(() -> call.get(2, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasRootCauseInstanceOf(InterruptedException.class);
            assertThat(millisBetween(start, System.nanoTime())).isLessThan(300);
            try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(localPort))) {
                assertThat(again.getLocalPort()).isEqualTo(localPort);
            }
        }
    }

    @Test
    void givenCompletedBinding_bind_releasesTheLocalPort() throws Exception {
        int localPort = FreePorts.udp();
        try (FakeStunServer fake = FakeStunServer.start(LOOPBACK, (r, out) -> out.reply(FakeStunServer.reflect(r)))) {
            client.bind(fake.server(), localPort, Duration.ofSeconds(2));

            try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(localPort))) {
                assertThat(again.getLocalPort()).isEqualTo(localPort);
            }
        }
    }

    @Test
    void givenBadArguments_bind_rejectsThem() {
        StunServer server = new StunServer("127.0.0.1", 3478);

        assertThatThrownBy(() -> client.bind(server, -1, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.bind(server, 65536, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
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
