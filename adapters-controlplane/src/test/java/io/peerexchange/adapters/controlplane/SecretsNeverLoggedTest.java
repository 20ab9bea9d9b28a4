package io.peerexchange.adapters.controlplane;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.peerexchange.adapters.controlplane.events.EventVerifier;
import io.peerexchange.adapters.controlplane.events.SignedEvents;
import io.peerexchange.adapters.controlplane.events.SseEventStream;
import io.peerexchange.adapters.controlplane.events.StreamState;
import io.peerexchange.adapters.controlplane.events.StreamTesting;
import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.adapters.controlplane.http.ControlPlaneSettings;
import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PresharedKey;
import io.peerexchange.ports.testing.Peers;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line of a whole session (all loggers at DEBUG, HttpClient's header log
 * included) with a token, PSKs and signed events, and checks no secret shows up anywhere.
 */
class SecretsNeverLoggedTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final String TOKEN = "tkn-S3cr3t-7f1e9a2b4c";
    private static final String PSK = PresharedKey.of(filled(7)).toBase64();
    private static final String BAD_PSK = "c2VjcmV0LXBzay10aGF0LWlzLXRvby1zaG9ydA==";

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Logger root;
    private Level rootLevel;

    @BeforeEach
    void captureEverything() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        context.getLogger("org.apache.hc").setLevel(Level.DEBUG);
        context.getLogger("org.apache.hc.client5.http.headers").setLevel(Level.DEBUG);
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void restore() {
        root.detachAppender(appender);
        root.setLevel(rootLevel);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger("org.apache.hc").setLevel(null);
        context.getLogger("org.apache.hc.client5.http.headers").setLevel(null);
    }

    @Test
    void givenSessionWithTokenPsksAndSignedEvents_logs_neverContainASecret() throws Exception {
        SignedEvents signer = new SignedEvents();
        Peer peer = new Peer(
                NodeId.of("p-2"),
                Peers.peer(2, null).publicKey(),
                Optional.of("10.0.0.2"),
                Optional.of(io.peerexchange.ports.Endpoint.parse("198.51.100.7:40000")),
                List.of("10.0.0.2/32"),
                Optional.of(PresharedKey.fromBase64(PSK)));
        ObjectNode good = SignedEvents.peerJson(peer);
        ObjectNode badPsk = good.deepCopy().put("psk", BAD_PSK);
        Instant now = Instant.now();
        String validEvent = signer.signed("peer_endpoint_changed", "e-1", good, now, "n-1");
        String body = SignedEvents.sse("1", validEvent)
                + SignedEvents.sse("2", validEvent)
                + SignedEvents.sse("3", signer.signed("peer_endpoint_changed", "e-3", badPsk, now, "n-3"))
                + SignedEvents.sse("4", new SignedEvents().signed("peer_endpoint_changed", "e-4", good, now, "n-4"))
                + SignedEvents.sse("5", "{\"event_type\":\"x\",\"event_id\":\"e\",\"psk\":\"" + BAD_PSK + "\"")
                + SignedEvents.sse(
                        "6", signer.signed("peer_endpoint_changed", "e-6", good, now.minusSeconds(600), "n-6"));
        String events = "/v1/nodes/node-1/events";
        wm.stubFor(get(urlEqualTo(events))
                .inScenario("s")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(body))
                .willSetStateTo("refused"));
        wm.stubFor(get(urlEqualTo(events))
                .inScenario("s")
                .whenScenarioStateIs("refused")
                .willReturn(aResponse().withStatus(401)));
        wm.stubFor(get(urlEqualTo("/v1/nodes/node-1/state"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"peers\":[" + good + "," + badPsk + "]}")));
        wm.stubFor(put(urlEqualTo("/v1/nodes/node-1/endpoint"))
                .willReturn(aResponse().withStatus(401)));

        List<Peer> received = new CopyOnWriteArrayList<>();
        ControlPlaneSettings settings = StreamTesting.http(wm.baseUrl());
        BearerToken token = BearerToken.of(TOKEN);
        try (HttpControlPlane calls = new HttpControlPlane(settings, token);
                SseEventStream stream = new SseEventStream(
                        settings,
                        token,
                        NodeId.of("node-1"),
                        calls,
                        Optional.of(EventVerifier.of(signer.rawPublicKeyBase64(), Clock.systemUTC())),
                        StreamTesting.fast())) {
            stream.onPeerEndpointChanged(received::add);
            stream.onPeerEndpointChanged(p -> {
                throw new IllegalStateException("handler failed for " + p);
            });
            stream.start();
            await().atMost(5, TimeUnit.SECONDS).until(() -> stream.state() == StreamState.AUTH_FAILED);

            // The peer with the bad psk is kept, without it.
            assertThat(calls.listPeers(NodeId.of("node-1")))
                    .hasSize(2)
                    .extracting(Peer::presharedKey)
                    .filteredOn(Optional::isEmpty)
                    .hasSize(1);
            assertThatThrownBy(() -> calls.reportEndpoint(
                            NodeId.of("node-1"),
                            new io.peerexchange.ports.EndpointReport(
                                    io.peerexchange.ports.Endpoint.parse("203.0.113.5:1"),
                                    io.peerexchange.ports.NatType.NONE)))
                    .isInstanceOf(ControlPlaneException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
        }
        assertThatThrownBy(() -> token.set(TOKEN + "\n"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
        assertThat(token.toString()).doesNotContain(TOKEN);
        // The event whose psk is malformed still delivers its peer, without the psk.
        assertThat(received).hasSize(2);
        assertThat(received.get(1).presharedKey()).isEmpty();

        List<String> lines =
                appender.list.stream().map(SecretsNeverLoggedTest::everything).toList();
        assertThat(lines).as("the session logged at all").hasSizeGreaterThan(10);
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("org.apache.hc.client5"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("replay"));
        assertThat(lines)
                .allSatisfy(line -> assertThat(line)
                        .doesNotContain(TOKEN)
                        .doesNotContain(PSK)
                        .doesNotContain(BAD_PSK));
    }

    /** The message, every key-value, every argument and the whole throwable chain of one event. */
    private static String everything(ILoggingEvent event) {
        StringBuilder text =
                new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs()
                    .forEach(kv -> text.append(' ').append(kv.key).append('=').append(kv.value));
        }
        if (event.getArgumentArray() != null) {
            for (Object argument : event.getArgumentArray()) {
                text.append(' ').append(argument);
            }
        }
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
