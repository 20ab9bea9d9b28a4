package io.peerexchange.adapters.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.peerexchange.ports.AddressFamily;
import io.peerexchange.ports.BindingMethod;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import io.peerexchange.testing.coturn.Coturn;
import io.peerexchange.testing.env.Require;
import io.peerexchange.testing.net.FreePorts;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** How AutoStunClient picks the way to send, against a real coturn on loopback. */
class AutoStunClientTest {
    private static Coturn coturn;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AutoStunClient.class);

    @BeforeAll
    static void startCoturn() throws Exception {
        coturn = Coturn.listeningOn("127.0.0.1", "::1").start();
    }

    @AfterAll
    static void stopCoturn() throws Exception {
        if (coturn != null) {
            coturn.close();
        }
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    @Test
    void givenFreePort_bind_bindsItAndReportsBound() throws Exception {
        int port = FreePorts.udp();

        MappedAddress mapped = new AutoStunClient(StunSettings.defaults()).bind(v4(), port, Duration.ofSeconds(10));

        assertThat(mapped.method()).isEqualTo(BindingMethod.BOUND);
        assertThat(mapped.localPort()).isEqualTo(port);
        assertThat(mapped.endpoint()).hasToString("127.0.0.1:" + port);
        assertThat(mapped.serverAddress()).hasToString("127.0.0.1:" + coturn.port());
    }

    @Test
    void givenPortZero_bind_usesAnEphemeralPortButReportsBound() throws Exception {
        MappedAddress mapped = new AutoStunClient(StunSettings.defaults()).bind(v4(), 0, Duration.ofSeconds(10));

        assertThat(mapped.method()).isEqualTo(BindingMethod.BOUND);
        assertThat(mapped.endpoint().port()).isEqualTo(mapped.localPort());
    }

    @Test
    void givenBusyPortAndRawSockets_bind_sharesThePortOverIpv4() throws Exception {
        Require.root("raw sockets need CAP_NET_RAW");
        try (DatagramSocket wireGuard = new DatagramSocket(new InetSocketAddress(0))) {
            int port = wireGuard.getLocalPort();

            MappedAddress mapped = new AutoStunClient(StunSettings.defaults()).bind(v4(), port, Duration.ofSeconds(10));

            assertThat(mapped.method()).isEqualTo(BindingMethod.SHARED_PORT);
            assertThat(mapped.localPort()).isEqualTo(port);
            assertThat(mapped.endpoint()).hasToString("127.0.0.1:" + port);
        }
    }

    @Test
    void givenBusyPortAndRawSockets_bind_sharesThePortOverIpv6() throws Exception {
        Require.root("raw sockets need CAP_NET_RAW");
        try (DatagramSocket wireGuard = new DatagramSocket(new InetSocketAddress(0))) {
            int port = wireGuard.getLocalPort();

            MappedAddress mapped = new AutoStunClient(StunSettings.defaults())
                    .bind(coturn.server("::1"), port, Duration.ofSeconds(10));

            assertThat(mapped.method()).isEqualTo(BindingMethod.SHARED_PORT);
            assertThat(mapped.endpoint()).hasToString("[::1]:" + port);
        }
    }

    @Test
    void givenANameWithBothFamilies_bindIpv6FromAFreePort_bindsItAndLearnsTheIpv6Mapping() throws Exception {
        int port = FreePorts.udp();
        AutoStunClient client = new AutoStunClient(StunSettings.defaults(), LOOPBACK_BOTH_FAMILIES);
        StunServer dual = new StunServer("stun.dual.test", coturn.port());

        MappedAddress v6 = client.bind(dual, AddressFamily.IPV6, port, Duration.ofSeconds(10));
        MappedAddress plain = client.bind(dual, port, Duration.ofSeconds(10));

        assertThat(v6.method()).isEqualTo(BindingMethod.BOUND);
        assertThat(v6.endpoint()).hasToString("[::1]:" + port);
        assertThat(v6.serverAddress()).hasToString("[::1]:" + coturn.port());
        assertThat(v6.server()).isEqualTo(dual);
        assertThat(plain.endpoint()).as("a plain binding still prefers IPv4").hasToString("127.0.0.1:" + port);
    }

    @Test
    void givenANameWithBothFamiliesAndABusyPort_bindIpv6_sharesThePortOverIpv6() throws Exception {
        Require.root("raw sockets need CAP_NET_RAW");
        AutoStunClient client = new AutoStunClient(StunSettings.defaults(), LOOPBACK_BOTH_FAMILIES);
        StunServer dual = new StunServer("stun.dual.test", coturn.port());
        try (DatagramSocket wireGuard = new DatagramSocket(new InetSocketAddress(0))) {
            int port = wireGuard.getLocalPort();

            MappedAddress v6 = client.bind(dual, AddressFamily.IPV6, port, Duration.ofSeconds(10));
            MappedAddress v4 = client.bind(dual, AddressFamily.IPV4, port, Duration.ofSeconds(10));

            assertThat(v6.method()).isEqualTo(BindingMethod.SHARED_PORT);
            assertThat(v6.localPort()).isEqualTo(port);
            assertThat(v6.endpoint()).hasToString("[::1]:" + port);
            assertThat(v4.method()).isEqualTo(BindingMethod.SHARED_PORT);
            assertThat(v4.endpoint()).hasToString("127.0.0.1:" + port);
        }
    }

    /** A client whose every attempt to bind or share a port fails the test. */
    private static AutoStunClient touchingNoPort() {
        return new AutoStunClient(
                StunSettings.defaults(),
                (s, a, p, d) -> {
                    throw new AssertionError("must not bind");
                },
                (s, a, p, d) -> {
                    throw new AssertionError("must not share");
                });
    }

    @Test
    void givenAnIpv4OnlyName_bindIpv6_failsAtOnceWithoutTouchingAnyPort() {
        AutoStunClient client = touchingNoPort();

        assertThatThrownBy(() -> client.bind(v4(), AddressFamily.IPV6, 51820, Duration.ofSeconds(1)))
                .isInstanceOf(StunException.class)
                .hasMessage("STUN server " + v4() + " has no IPv6 address");
    }

    @Test
    void givenBusyPortWithoutRawSocketsAndNoFallback_bind_failsSayingWhyAndWhatToDo() throws Exception {
        AutoStunClient client = withoutRawSockets(StunSettings.defaults());
        try (DatagramSocket wireGuard = new DatagramSocket(new InetSocketAddress(0))) {
            int port = wireGuard.getLocalPort();

            assertThatThrownBy(() -> client.bind(v4(), port, Duration.ofSeconds(10)))
                    .isInstanceOf(StunException.class)
                    .hasMessageContaining("local UDP port " + port + " is in use")
                    .hasMessageContaining("CAP_NET_RAW is missing")
                    .hasMessageContaining("allow the ephemeral fallback");
        }
        assertThat(logs.list).isEmpty();
    }

    @Test
    void givenBusyPortWithoutRawSocketsAndFallbackAllowed_bind_usesAnEphemeralPortFlaggedAndWarned() throws Exception {
        AutoStunClient client = withoutRawSockets(new StunSettings(true, Optional.empty()));
        try (DatagramSocket wireGuard = new DatagramSocket(new InetSocketAddress(0))) {
            int port = wireGuard.getLocalPort();

            MappedAddress mapped = client.bind(v4(), port, Duration.ofSeconds(10));

            assertThat(mapped.method()).isEqualTo(BindingMethod.EPHEMERAL);
            assertThat(mapped.method().isRequestedPortMapping()).isFalse();
            assertThat(mapped.localPort()).isNotEqualTo(port);
            assertThat(mapped.endpoint().port()).isEqualTo(mapped.localPort());
            assertThat(logs.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("NOT the WireGuard port's mapping");
                Map<String, Object> keys =
                        event.getKeyValuePairs().stream().collect(Collectors.toMap(kv -> kv.key, kv -> kv.value));
                assertThat(keys)
                        .containsEntry("component", "nat")
                        .containsEntry("wireguard_port", port)
                        .containsEntry("local_port", mapped.localPort())
                        .containsKey("reason");
            });
        }
    }

    @Test
    void givenUnresolvableServer_bind_failsBeforeTouchingAnyPort() {
        AutoStunClient client = touchingNoPort();

        assertThatThrownBy(() -> client.bind(StunServer.parse("nowhere.invalid:3478"), 51820, Duration.ofSeconds(1)))
                .isInstanceOf(StunException.class)
                .hasMessageContaining("cannot resolve STUN server nowhere.invalid:3478");
    }

    @Test
    void givenInterruptedThread_bind_throwsInterruptedWithoutSending() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> new AutoStunClient(StunSettings.defaults()).bind(v4(), 0, Duration.ofSeconds(5)))
                    .isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    /** The real UDP path, and a raw path that behaves as it does without CAP_NET_RAW. */
    private static AutoStunClient withoutRawSockets(StunSettings settings) {
        UdpStunClient udp = new UdpStunClient(settings);
        return new AutoStunClient(settings, udp::bind, (server, address, port, deadline) -> {
            throw new SharedPortUnavailableException(
                    "cannot share UDP port " + port
                            + " through raw sockets: no permission to open a raw socket (CAP_NET_RAW is missing)",
                    null);
        });
    }

    /** A name with both loopback addresses, IPv6 first; /etc/hosts here gives localhost only 127.0.0.1. */
    private static final NameResolver LOOPBACK_BOTH_FAMILIES =
            host -> new InetAddress[] {InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1")};

    private static StunServer v4() {
        return coturn.server("127.0.0.1");
    }
}
