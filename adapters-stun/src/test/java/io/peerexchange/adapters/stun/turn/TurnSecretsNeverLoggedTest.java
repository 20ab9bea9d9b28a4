package io.peerexchange.adapters.stun.turn;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.StunServer;
import io.peerexchange.testing.coturn.Coturn;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every log line of TURN sessions (all loggers at TRACE) with a right and a wrong long-term
 * password and with a shared secret: neither the password, the secret nor the REST password made
 * from it appears in a message, a key-value, an exception or a {@code toString}.
 */
class TurnSecretsNeverLoggedTest {
    private static final String PASSWORD = "pw-Zk47-turn-secret";
    private static final String WRONG = "pw-Wr0ng-turn-secret";
    private static final String SECRET = "shared-Hq92-auth-secret";

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Logger root;
    private Level rootLevel;

    @BeforeEach
    void captureEverything() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.TRACE);
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void restore() {
        root.detachAppender(appender);
        root.setLevel(rootLevel);
    }

    @Test
    void givenTurnSessions_noLogLineHoldsAPasswordOrSecret() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket wireGuard = new DatagramSocket(new InetSocketAddress(loopback, 0));
                DatagramSocket far = new DatagramSocket(new InetSocketAddress(loopback, 0));
                Coturn longTerm = Coturn.listeningOn("127.0.0.1")
                        .longTermUser("px.test", "alice", PASSWORD)
                        .relayIp("127.0.0.1")
                        .start();
                Coturn rest = Coturn.listeningOn("127.0.0.1")
                        .authSecret("px.test", SECRET)
                        .relayIp("127.0.0.1")
                        .start()) {
            far.setSoTimeout(3_000);
            Endpoint farEndpoint = Endpoint.of(new InetSocketAddress(loopback, far.getLocalPort()));
            TurnCredentials good = TurnCredentials.longTerm("alice", PASSWORD);
            TurnCredentials timeLimited =
                    TurnCredentials.timeLimited("alice", SECRET.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
            String restPassword = timeLimited.login().password();
            for (TurnCredentials credentials : List.of(good, TurnCredentials.longTerm("alice", WRONG), timeLimited)) {
                Coturn server = credentials == timeLimited ? rest : longTerm;
                try (TurnRelay relay = new TurnRelay(
                        List.of(new StunServer("127.0.0.1", server.port())),
                        credentials,
                        loopback,
                        wireGuard.getLocalPort())) {
                    relay.relay(farEndpoint).ifPresent(path -> {
                        byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
                        try {
                            wireGuard.send(new DatagramPacket(
                                    ping, ping.length, path.proxy().toSocketAddress()));
                            far.receive(new DatagramPacket(new byte[64], 64));
                        } catch (java.io.IOException e) {
                            throw new AssertionError(e);
                        }
                    });
                }
                assertThat(credentials.toString()).doesNotContain(PASSWORD, WRONG, SECRET);
                assertThat(credentials.login().toString()).doesNotContain(PASSWORD, WRONG, restPassword);
            }
            assertThat(appender.list).isNotEmpty();
            for (ILoggingEvent event : appender.list) {
                String text = everything(event);
                assertThat(text).doesNotContain(PASSWORD, WRONG, SECRET, restPassword);
            }
        }
    }

    private static String everything(ILoggingEvent event) {
        StringBuilder all = new StringBuilder(event.getFormattedMessage());
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs()
                    .forEach(kv -> all.append(' ').append(kv.key).append('=').append(kv.value));
        }
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            all.append(' ').append(t.getMessage());
        }
        return all.toString();
    }
}
