package io.peerexchange.adapters.controlplane.events;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerLister;
import io.peerexchange.ports.testing.FakePeerLister;
import io.peerexchange.ports.testing.Peers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The event stream against WireMock: statuses, faults, dribbled bodies and reconnect scenarios. */
class SseEventStreamWireMockTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final String EVENTS = "/v1/nodes/node-1/events";
    private static final String SCENARIO = "stream";

    private final List<Peer> received = new CopyOnWriteArrayList<>();
    private SseEventStream stream;

    @AfterEach
    void tearDown() {
        if (stream != null) {
            stream.close();
        }
    }

    private SseEventStream create(StreamSettings timing, PeerLister lister) {
        stream = new SseEventStream(
                StreamTesting.http(wm.baseUrl()),
                BearerToken.of("wm-token"),
                NodeId.of("node-1"),
                lister,
                Optional.empty(),
                timing);
        return stream;
    }

    private SseEventStream start(StreamSettings timing, PeerLister lister) {
        create(timing, lister);
        stream.onPeerEndpointChanged(received::add);
        stream.start();
        return stream;
    }

    private SseEventStream start() {
        return start(StreamTesting.fast(), new FakePeerLister());
    }

    private static String event(int n, String id) {
        Peer peer = Peers.peer(n, "198.51.100." + n + ":4000" + n);
        return SignedEvents.sse(id, SignedEvents.envelope("peer_endpoint_changed", id, SignedEvents.peerJson(peer)));
    }

    private static ResponseDefinitionBuilder sse(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(body);
    }

    /** Step {@code from} of the scenario answers {@code answer} and moves to {@code to}. */
    private static void step(String from, String to, ResponseDefinitionBuilder answer) {
        ScenarioMappingBuilder mapping = get(urlEqualTo(EVENTS))
                .inScenario(SCENARIO)
                .whenScenarioStateIs(from)
                .willReturn(answer);
        wm.stubFor(to == null ? mapping : mapping.willSetStateTo(to));
    }

    private static List<LoggedRequest> requests() {
        return wm.findAll(getRequestedFor(urlEqualTo(EVENTS)));
    }

    @Test
    void givenDribbledBodySplittingLinesAndUtf8_stream_deliversEveryEvent() {
        String body = "\uFEFF: hello\r\n" + event(1, "1").replace("\n", "\r\n") + event(2, "2")
                + "data: {\"event_type\":\"note\",\"event_id\":\"n\",\"payload\":{\"text\":\"ünïcødé 😀\"}}\r\r"
                + event(3, "3").replace("\n", "\r");
        step(Scenario.STARTED, "done", sse(body).withChunkedDribbleDelay(97, 400));
        step("done", null, aResponse().withStatus(204));

        start();

        await().atMost(5, TimeUnit.SECONDS).until(() -> stream.state() == StreamState.STOPPED);
        assertThat(received).extracting(p -> p.id().value()).containsExactly("p-1", "p-2", "p-3");
        assertThat(received.get(2).endpoint()).map(Object::toString).contains("198.51.100.3:40003");
    }

    @Test
    void givenStreamEnds_reconnect_sendsLastEventIdAndHeaders() {
        step(Scenario.STARTED, "second", sse(event(1, "1")));
        wm.stubFor(get(urlEqualTo(EVENTS))
                .inScenario(SCENARIO)
                .whenScenarioStateIs("second")
                .withHeader("Last-Event-ID", equalTo("1"))
                .willReturn(sse(event(2, "2") + "id: 7\n\n"))
                .willSetStateTo("third"));
        step("third", null, aResponse().withStatus(204));

        start();

        await().atMost(5, TimeUnit.SECONDS).until(() -> stream.state() == StreamState.STOPPED);
        assertThat(received).extracting(p -> p.id().value()).containsExactly("p-1", "p-2");
        List<LoggedRequest> requests = requests();
        assertThat(requests).hasSize(3);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.getHeader("Accept")).isEqualTo("text/event-stream");
            assertThat(r.getHeader("Authorization")).isEqualTo("Bearer wm-token");
            assertThat(r.getHeader("User-Agent")).isEqualTo("peerexchange/9.9.9");
        });
        assertThat(requests)
                .extracting(r -> r.containsHeader("Last-Event-ID") ? r.getHeader("Last-Event-ID") : "")
                .containsExactly("", "1", "7");
        wm.verify(1, getRequestedFor(urlEqualTo(EVENTS)).withHeader("Last-Event-ID", absent()));
    }

    @Test
    void givenFaults_stream_reconnectsAfterEach() {
        step(Scenario.STARTED, "f2", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        step("f2", "f3", aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));
        step("f3", "f4", aResponse().withFault(Fault.EMPTY_RESPONSE));
        step("f4", "f5", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
        step("f5", "f6", aResponse().withStatus(500));
        step("f6", "good", sse(""));
        step("good", "end", sse(event(1, "1")));
        step("end", null, aResponse().withStatus(204));

        start();

        await().atMost(10, TimeUnit.SECONDS).until(() -> stream.state() == StreamState.STOPPED);
        assertThat(received).extracting(p -> p.id().value()).containsExactly("p-1");
        assertThat(stream.attemptCount()).isEqualTo(8);
    }

    @Test
    void given503WithRetryAfter_stream_waitsThatLong() {
        step(Scenario.STARTED, "after", aResponse().withStatus(503).withHeader("Retry-After", "1"));
        step("after", null, aResponse().withStatus(204));

        start();

        await().atMost(5, TimeUnit.SECONDS).until(() -> stream.state() == StreamState.STOPPED);
        List<LoggedRequest> requests = requests();
        long gap = requests.get(1).getLoggedDate().getTime()
                - requests.get(0).getLoggedDate().getTime();
        assertThat(gap).isGreaterThanOrEqualTo(900);
    }

    @Test
    void given429WithRetryAfterDate_stream_waitsUntilThen() {
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(2));
        step(Scenario.STARTED, "after", aResponse().withStatus(429).withHeader("Retry-After", date));
        step("after", null, aResponse().withStatus(204));

        start();

        await().atMost(6, TimeUnit.SECONDS).until(() -> stream.state() == StreamState.STOPPED);
        List<LoggedRequest> requests = requests();
        long gap = requests.get(1).getLoggedDate().getTime()
                - requests.get(0).getLoggedDate().getTime();
        assertThat(gap).isGreaterThanOrEqualTo(900);
    }

    @Test
    void givenRetryField_stream_usesItAsReconnectionTime() {
        step(Scenario.STARTED, "after", sse("retry: 1000\n\n"));
        step("after", null, aResponse().withStatus(204));

        start(
                StreamTesting.fast().withBackoff(Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ofSeconds(30)),
                new FakePeerLister());

        await().atMost(5, TimeUnit.SECONDS).until(() -> stream.state() == StreamState.STOPPED);
        List<LoggedRequest> requests = requests();
        long gap = requests.get(1).getLoggedDate().getTime()
                - requests.get(0).getLoggedDate().getTime();
        assertThat(gap).isGreaterThanOrEqualTo(750);
    }

    @Test
    void given204_stream_stopsForGood() throws Exception {
        wm.stubFor(get(urlEqualTo(EVENTS)).willReturn(aResponse().withStatus(204)));

        start();

        await().atMost(5, TimeUnit.SECONDS).until(() -> stream.state() == StreamState.STOPPED);
        Thread.sleep(300);
        assertThat(requests()).hasSize(1);
    }

    @Test
    void given401_stream_stopsAndReportsAuthFailure() throws Exception {
        wm.stubFor(get(urlEqualTo(EVENTS)).willReturn(aResponse().withStatus(401)));
        AtomicInteger authFailures = new AtomicInteger();
        stream = new SseEventStream(
                StreamTesting.http(wm.baseUrl()),
                BearerToken.of("wm-token"),
                NodeId.of("node-1"),
                new FakePeerLister(),
                Optional.empty(),
                StreamTesting.fast());
        stream.onAuthFailure(authFailures::incrementAndGet);

        stream.start();

        await().atMost(5, TimeUnit.SECONDS).until(() -> authFailures.get() == 1);
        assertThat(stream.state()).isEqualTo(StreamState.AUTH_FAILED);
        Thread.sleep(300);
        assertThat(requests()).hasSize(1);
    }

    @Test
    void given401ForATokenReplacedWhileItsRequestRan_stream_reconnectsWithTheCurrentToken() throws Exception {
        wm.stubFor(get(urlEqualTo(EVENTS))
                .withHeader("Authorization", equalTo("Bearer old-token"))
                .willReturn(aResponse().withStatus(401).withFixedDelay(1_000)));
        wm.stubFor(get(urlEqualTo(EVENTS))
                .withHeader("Authorization", equalTo("Bearer new-token"))
                .willReturn(sse(event(1, "1"))));
        AtomicInteger authFailures = new AtomicInteger();
        BearerToken token = BearerToken.of("old-token");
        stream = new SseEventStream(
                StreamTesting.http(wm.baseUrl()),
                token,
                NodeId.of("node-1"),
                new FakePeerLister(),
                Optional.empty(),
                StreamTesting.fast());
        stream.onAuthFailure(authFailures::incrementAndGet);
        stream.onPeerEndpointChanged(received::add);
        stream.start();
        await().atMost(5, TimeUnit.SECONDS).until(() -> requests().size() == 1);

        token.set("new-token");

        await().atMost(10, TimeUnit.SECONDS).until(() -> !received.isEmpty());
        assertThat(authFailures).hasValue(0);
        assertThat(stream.state()).isNotEqualTo(StreamState.AUTH_FAILED);
    }

    @Test
    void given401AndAFresherToken_stream_reconnectsWithItAtOnceAndKeepsGoing() {
        wm.stubFor(get(urlEqualTo(EVENTS))
                .withHeader("Authorization", equalTo("Bearer old-token"))
                .willReturn(aResponse().withStatus(401)));
        wm.stubFor(get(urlEqualTo(EVENTS))
                .withHeader("Authorization", equalTo("Bearer new-token"))
                .willReturn(sse(event(1, "1"))));
        BearerToken token = BearerToken.of("old-token");
        AtomicInteger refreshes = new AtomicInteger();
        AtomicInteger authFailures = new AtomicInteger();
        stream = new SseEventStream(
                StreamTesting.http(wm.baseUrl()),
                token,
                () -> {
                    refreshes.incrementAndGet();
                    token.set("new-token");
                    return true;
                },
                NodeId.of("node-1"),
                new FakePeerLister(),
                Optional.empty(),
                StreamTesting.fast().withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30)));
        stream.onAuthFailure(authFailures::incrementAndGet);
        stream.onPeerEndpointChanged(received::add);

        stream.start();

        await().atMost(5, TimeUnit.SECONDS).until(() -> !received.isEmpty());
        List<LoggedRequest> requests = requests();
        assertThat(requests)
                .extracting(r -> r.getHeader("Authorization"))
                .startsWith("Bearer old-token", "Bearer new-token");
        long gap = requests.get(1).getLoggedDate().getTime()
                - requests.get(0).getLoggedDate().getTime();
        assertThat(gap)
                .as("no back-off before the first attempt with the new token")
                .isLessThan(1_500);
        assertThat(refreshes).hasValue(1);
        assertThat(authFailures).hasValue(0);
        assertThat(stream.state()).isNotEqualTo(StreamState.AUTH_FAILED);
    }

    @Test
    void given401AgainAfterARefresh_stream_asksAgainAndStopsWhenThereIsNoNewerToken() throws Exception {
        wm.stubFor(get(urlEqualTo(EVENTS)).willReturn(aResponse().withStatus(401)));
        BearerToken token = BearerToken.of("first-token");
        AtomicInteger refreshes = new AtomicInteger();
        AtomicInteger authFailures = new AtomicInteger();
        stream = new SseEventStream(
                StreamTesting.http(wm.baseUrl()),
                token,
                () -> {
                    if (refreshes.incrementAndGet() > 1) {
                        return false;
                    }
                    token.set("second-token");
                    return true;
                },
                NodeId.of("node-1"),
                new FakePeerLister(),
                Optional.empty(),
                StreamTesting.fast());
        stream.onAuthFailure(authFailures::incrementAndGet);

        stream.start();

        await().atMost(5, TimeUnit.SECONDS).until(() -> authFailures.get() == 1);
        assertThat(stream.state()).isEqualTo(StreamState.AUTH_FAILED);
        assertThat(refreshes).hasValue(2);
        Thread.sleep(300);
        assertThat(requests())
                .extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Bearer first-token", "Bearer second-token");
    }

    @Test
    void given401AndATokenRefreshThatFails_stream_stopsAndReportsAuthFailure() {
        wm.stubFor(get(urlEqualTo(EVENTS)).willReturn(aResponse().withStatus(401)));
        AtomicInteger authFailures = new AtomicInteger();
        stream = new SseEventStream(
                StreamTesting.http(wm.baseUrl()),
                BearerToken.of("wm-token"),
                () -> {
                    throw new IllegalStateException("token file vanished");
                },
                NodeId.of("node-1"),
                new FakePeerLister(),
                Optional.empty(),
                StreamTesting.fast());
        stream.onAuthFailure(authFailures::incrementAndGet);

        stream.start();

        await().atMost(5, TimeUnit.SECONDS).until(() -> authFailures.get() == 1);
        assertThat(stream.state()).isEqualTo(StreamState.AUTH_FAILED);
    }

    @ParameterizedTest
    @ValueSource(ints = {403, 404})
    void givenForbiddenOrNotFound_stream_stopsForGood(int status) throws Exception {
        wm.stubFor(get(urlEqualTo(EVENTS)).willReturn(aResponse().withStatus(status)));

        start();

        await().atMost(5, TimeUnit.SECONDS).until(() -> stream.state() == StreamState.STOPPED);
        Thread.sleep(300);
        assertThat(requests()).hasSize(1);
    }

    @Test
    void givenAStreamThatConnects_awaitFirstAttempt_returnsTrue() throws Exception {
        step(Scenario.STARTED, null, sse(event(1, "1")));

        start();

        assertThat(stream.awaitFirstAttempt(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void givenAStreamThatIsRefused_awaitFirstAttempt_returnsFalseWithoutWaitingItsLimit() throws Exception {
        wm.stubFor(get(urlEqualTo(EVENTS)).willReturn(aResponse().withStatus(404)));
        start();
        long started = System.nanoTime();

        boolean connected = stream.awaitFirstAttempt(Duration.ofSeconds(30));

        assertThat(connected).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void givenAServerThatDoesNotAnswer_awaitFirstAttempt_returnsFalseAtItsLimit() throws Exception {
        step(Scenario.STARTED, null, sse(event(1, "1")).withFixedDelay(5_000));
        start();
        long started = System.nanoTime();

        boolean connected = stream.awaitFirstAttempt(Duration.ofMillis(300));

        assertThat(connected).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isBetween(Duration.ofMillis(300), Duration.ofSeconds(4));
    }

    @Test
    void givenAStreamNeverStarted_awaitFirstAttempt_returnsAtOnce() throws Exception {
        create(StreamTesting.fast(), new FakePeerLister());

        assertThat(stream.awaitFirstAttempt(Duration.ofSeconds(30))).isFalse();
    }

    @Test
    void givenNoByteWithinIdleTimeout_stream_reconnects() {
        step(Scenario.STARTED, "fresh", sse(event(1, "1")).withFixedDelay(3_000));
        step("fresh", "end", sse(event(2, "2")));
        step("end", null, aResponse().withStatus(204));

        long started = System.nanoTime();
        start(StreamTesting.fast().withIdleTimeout(Duration.ofMillis(500)), new FakePeerLister());

        await().atMost(5, TimeUnit.SECONDS).until(() -> stream.state() == StreamState.STOPPED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
        assertThat(received).extracting(p -> p.id().value()).containsExactly("p-2");
    }

    @Test
    void givenWrongContentType_stream_doesNotParseAndReconnects() {
        step(
                Scenario.STARTED,
                "right",
                aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody(event(1, "1")));
        step("right", "end", sse(event(2, "2")));
        step("end", null, aResponse().withStatus(204));

        start();

        await().atMost(5, TimeUnit.SECONDS).until(() -> stream.state() == StreamState.STOPPED);
        assertThat(received).extracting(p -> p.id().value()).containsExactly("p-2");
    }

    @Test
    void givenMalformedAndUnknownEvents_stream_skipsThemAndGoesOn() {
        String body = "data: not json\n\n"
                + "data: {\"event_id\":\"x\"}\n\n"
                + "data: {\"event_type\":\"peer_endpoint_changed\"}\n\n"
                + "data: {\"event_type\":\"peer_endpoint_changed\",\"event_id\":\"3\",\"payload\":{\"id\":\"p-9\"}}\n\n"
                + "data: {\"event_type\":\"node_renamed\",\"event_id\":\"4\",\"payload\":{}}\n\n"
                + "data: [1,2]\n\n"
                + event(5, "5");
        step(Scenario.STARTED, "end", sse(body));
        step("end", null, aResponse().withStatus(204));

        start();

        await().atMost(5, TimeUnit.SECONDS).until(() -> stream.state() == StreamState.STOPPED);
        assertThat(received).extracting(p -> p.id().value()).containsExactly("p-5");
    }
}
