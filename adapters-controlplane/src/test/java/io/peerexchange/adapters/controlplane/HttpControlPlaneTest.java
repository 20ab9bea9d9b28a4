package io.peerexchange.adapters.controlplane;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.adapters.controlplane.http.ControlPlaneSettings;
import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.ControlPlaneException.Kind;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointReport;
import io.peerexchange.ports.EndpointResponse;
import io.peerexchange.ports.Heartbeat;
import io.peerexchange.ports.HeartbeatResponse;
import io.peerexchange.ports.Limits;
import io.peerexchange.ports.NatInfo;
import io.peerexchange.ports.NatType;
import io.peerexchange.ports.NodeHealth;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.PresharedKey;
import io.peerexchange.ports.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpControlPlaneTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().dynamicHttpsPort())
            .build();

    private static final NodeId NODE = NodeId.of("node-1");
    private static final String TOKEN = "tok-abc.123";
    private static final EndpointReport REPORT =
            new EndpointReport(Endpoint.parse("203.0.113.5:54321"), NatType.FULL_CONE);

    private HttpControlPlane cp;

    private static ControlPlaneSettings settings() {
        return new ControlPlaneSettings(
                URI.create(wm.getRuntimeInfo().getHttpBaseUrl()), "1.2.3", true, false, Optional.empty());
    }

    @BeforeEach
    void setUp() {
        cp = new HttpControlPlane(settings(), BearerToken.of(TOKEN));
    }

    @AfterEach
    void tearDown() {
        cp.close();
    }

    private static void answerPut(String body) {
        wm.stubFor(put(urlEqualTo("/v1/nodes/node-1/endpoint")).willReturn(json(body)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    @Test
    void givenPeers_reportEndpoint_sendsPutWithAuthUserAgentAndJsonBody() throws Exception {
        answerPut("{\"peer_endpoints\":[{\"peer_id\":\"p-2\",\"endpoint\":\"198.51.100.7:40000\",\"extra\":1}],"
                + "\"unknown\":{\"deep\":[1,2]}}");

        EndpointResponse response = cp.reportEndpoint(NODE, REPORT);

        assertThat(response.peerEndpoints()).containsExactly(PeerEndpoint.of("p-2", "198.51.100.7:40000"));
        wm.verify(putRequestedFor(urlEqualTo("/v1/nodes/node-1/endpoint"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("User-Agent", equalTo("peerexchange/1.2.3"))
                .withHeader("Content-Type", equalTo("application/json; charset=UTF-8"))
                .withRequestBody(
                        equalToJson("{\"public_endpoint\":\"203.0.113.5:54321\",\"nat_type\":\"full_cone\"}")));
    }

    @Test
    void givenInvalidEntries_reportEndpoint_dropsThemAndKeepsTheRest() throws Exception {
        answerPut("{\"peer_endpoints\":[{\"peer_id\":\"p-2\",\"endpoint\":\"example.com:1\"},"
                + "{\"peer_id\":\"bad id\",\"endpoint\":\"198.51.100.7:1\"},\"not-an-object\","
                + "{\"endpoint\":\"198.51.100.7:2\"},{\"peer_id\":\"p-3\",\"endpoint\":\"[2001:db8::3]:51820\"},"
                + "{\"peer_id\":\"p-4\",\"endpoint\":\"\"},{\"peer_id\":\"p-5\"}]}");

        EndpointResponse response = cp.reportEndpoint(NODE, REPORT);

        assertThat(response.peerEndpoints())
                .containsExactly(
                        PeerEndpoint.of("p-3", "[2001:db8::3]:51820"),
                        PeerEndpoint.of("p-4", ""),
                        PeerEndpoint.of("p-5", ""));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[]",
                "not json",
                "{\"peer_endpoints\":\"x\"}",
                "{\"peer_endpoints\":[] } x",
                "{\"peer_endpoints\":[",
                "''"
            })
    void givenAnswerOfWrongShape_reportEndpoint_failsWithProtocol(String body) {
        answerPut(body);

        assertThatThrownBy(() -> cp.reportEndpoint(NODE, REPORT))
                .isInstanceOfSatisfying(
                        ControlPlaneException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
    }

    @Test
    void givenNestingDeeperThanLimit_reportEndpoint_failsWithProtocolNamingTheLimit() {
        answerPut("{\"x\":" + "[".repeat(100) + "]".repeat(100) + ",\"peer_endpoints\":[]}");

        assertThatThrownBy(() -> cp.reportEndpoint(NODE, REPORT))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
                    assertThat(e.getMessage()).contains("nesting depth");
                });
    }

    @ParameterizedTest
    @CsvSource({
        "400,BAD_REQUEST",
        "401,UNAUTHORIZED",
        "403,FORBIDDEN",
        "404,NOT_FOUND",
        "409,CONFLICT",
        "413,PAYLOAD_TOO_LARGE",
        "429,RATE_LIMITED",
        "500,SERVER_ERROR",
        "502,SERVER_ERROR",
        "503,SERVER_ERROR",
        "418,UNEXPECTED_STATUS",
        "302,UNEXPECTED_STATUS"
    })
    void givenErrorStatus_reportEndpoint_failsWithItsKind(int status, Kind kind) {
        wm.stubFor(put(urlEqualTo("/v1/nodes/node-1/endpoint"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Location", "http://elsewhere.invalid/")
                        .withBody("{\"error\":\"nope\"}")));

        assertThatThrownBy(() -> cp.reportEndpoint(NODE, REPORT))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.status()).isEqualTo(status);
                });
        wm.verify(1, putRequestedFor(urlEqualTo("/v1/nodes/node-1/endpoint")));
    }

    @Test
    void givenRetryAfterSeconds_call_exposesIt() {
        wm.stubFor(post(urlEqualTo("/v1/nodes/node-1/heartbeat"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));

        assertThatThrownBy(() -> cp.sendHeartbeat(heartbeat(Optional.empty(), NodeHealth.HEALTHY)))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
                });
    }

    @Test
    void givenRetryAfterHttpDate_call_exposesTheRemainingWait() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        cp.close();
        cp = new HttpControlPlane(
                settings(),
                BearerToken.of(TOKEN),
                HttpControlPlane.DEFAULT_MAX_ANSWER_BYTES,
                HttpControlPlane.REQUEST_TIMEOUT,
                Clock.fixed(now, ZoneOffset.UTC));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.ofInstant(now.plusSeconds(90), ZoneOffset.UTC));
        wm.stubFor(get(urlEqualTo("/v1/nodes/node-1/state"))
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", date)));

        assertThatThrownBy(() -> cp.listPeers(NODE)).isInstanceOfSatisfying(ControlPlaneException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
            assertThat(e.kind().isTransient()).isTrue();
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(90));
        });
    }

    @Test
    void givenState_listPeers_decodesPeersKeepsThoseWithOneBadFieldAndIgnoresUnknownFields() throws Exception {
        PresharedKey psk = PresharedKey.of(new byte[32]);
        wm.stubFor(get(urlEqualTo("/v1/nodes/node-1/state"))
                .willReturn(json("{\"node\":{\"id\":\"node-1\"},"
                        + "\"peers\":[{\"id\":\"p-2\",\"public_key\":\""
                        + TestKeys.key(2).toBase64() + "\",\"mesh_ip\":\"10.0.0.2\","
                        + "\"endpoint\":\"198.51.100.7:40000\",\"allowed_ips\":[\"10.0.0.2/32\"],\"psk\":\""
                        + psk.toBase64()
                        + "\",\"labels\":{\"a\":\"b\"}},"
                        + "{\"id\":\"p-3\",\"public_key\":\"" + TestKeys.key(3).toBase64() + "\",\"endpoint\":\"\"},"
                        + "{\"id\":\"p-4\",\"public_key\":\"short\"},"
                        + "{\"id\":\"p-5\",\"public_key\":\"" + TestKeys.key(5).toBase64()
                        + "\",\"psk\":\"not-a-key\"},"
                        + "{\"id\":\"p-6\",\"public_key\":\"" + TestKeys.key(6).toBase64()
                        + "\",\"endpoint\":\"host:1\"}],"
                        + "\"version\":7}")));

        List<Peer> peers = cp.listPeers(NODE);

        assertThat(peers)
                .containsExactly(
                        new Peer(
                                NodeId.of("p-2"),
                                TestKeys.key(2),
                                Optional.of("10.0.0.2"),
                                Optional.of(Endpoint.parse("198.51.100.7:40000")),
                                List.of("10.0.0.2/32"),
                                Optional.of(psk)),
                        Peer.of(NodeId.of("p-3"), TestKeys.key(3), Optional.empty()),
                        // One bad field, not one lost peer: the psk and the host-name endpoint go, the ids stay.
                        Peer.of(NodeId.of("p-5"), TestKeys.key(5), Optional.empty()),
                        Peer.of(NodeId.of("p-6"), TestKeys.key(6), Optional.empty()));
        wm.verify(getRequestedFor(urlEqualTo("/v1/nodes/node-1/state"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void givenTheMostPeersAnAnswerMayList_listPeers_parsesThemAll() throws Exception {
        List<Peer> peers = listPeersFromAnswerOf(Limits.MAX_PEERS);

        assertThat(peers).hasSize(Limits.MAX_PEERS);
    }

    @Test
    void givenHundredThousandPeers_listPeers_refusesTheAnswerInsteadOfExhaustingTheAgentsHeap() {
        // Regression: 100,000 decoded peers need more than the launcher's 64 MiB heap; the agent died of OOM.
        assertThatThrownBy(() -> listPeersFromAnswerOf(100_000))
                .isInstanceOfSatisfying(
                        ControlPlaneException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessageContaining("lists more than " + Limits.MAX_PEERS + " peers");
    }

    private List<Peer> listPeersFromAnswerOf(int count) throws Exception {
        StringBuilder body = new StringBuilder(count * 220).append("{\"peers\":[");
        String psk = PresharedKey.of(new byte[32]).toBase64();
        for (int i = 1; i <= count; i++) {
            if (i > 1) {
                body.append(',');
            }
            body.append("{\"id\":\"p-")
                    .append(i)
                    .append("\",\"public_key\":\"")
                    .append(TestKeys.key(i).toBase64())
                    .append("\",\"mesh_ip\":\"10.")
                    .append(i >> 16)
                    .append('.')
                    .append((i >> 8) & 255)
                    .append('.')
                    .append(i & 255)
                    .append("\",\"endpoint\":\"198.51.100.7:")
                    .append(1 + i % 65000)
                    .append("\",\"allowed_ips\":[\"10.0.0.1/32\"],\"psk\":\"")
                    .append(psk)
                    .append("\"}");
        }
        body.append("]}");
        wm.stubFor(get(urlEqualTo("/v1/nodes/node-1/state")).willReturn(json(body.toString())));
        assertThat(body.length()).isLessThan((int) HttpControlPlane.DEFAULT_MAX_ANSWER_BYTES);

        return cp.listPeers(NODE);
    }

    @Test
    void givenAnswerAboveCap_listPeers_failsWithProtocolWithoutReadingItAll() {
        int cap = 64 * 1024;
        cp.close();
        cp = new HttpControlPlane(
                settings(), BearerToken.of(TOKEN), cap, HttpControlPlane.REQUEST_TIMEOUT, Clock.systemUTC());
        String big = "{\"peers\":[],\"pad\":\"" + "x".repeat(200_000) + "\"}";
        wm.stubFor(get(urlEqualTo("/v1/nodes/node-1/state")).willReturn(json(big)));
        wm.stubFor(
                get(urlEqualTo("/v1/nodes/node-2/state")).willReturn(json(big).withChunkedDribbleDelay(4, 50)));

        for (String node : List.of("node-1", "node-2")) {
            assertThatThrownBy(() -> cp.listPeers(NodeId.of(node)))
                    .isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
                        assertThat(e.getMessage()).contains(String.valueOf(cap));
                    });
        }
        assertThat(cp.poolStats().getLeased()).isZero();
    }

    @Test
    void givenGzipAnswer_call_decompressesIt() throws Exception {
        wm.stubFor(post(urlEqualTo("/v1/nodes/node-1/heartbeat"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Content-Encoding", "gzip")
                        .withBody(gzip("{\"reconcile\":true,\"rotate_keys\":false,\"later\":\"field\"}"))));

        HeartbeatResponse response = cp.sendHeartbeat(heartbeat(Optional.empty(), NodeHealth.HEALTHY));

        assertThat(response).isEqualTo(new HeartbeatResponse(true, false));
    }

    @Test
    void givenNat_sendHeartbeat_postsPlexdsHeartbeatRequest() throws Exception {
        wm.stubFor(post(urlEqualTo("/v1/nodes/node-1/heartbeat"))
                .willReturn(json("{\"reconcile\":false,\"rotate_keys\":true}")));

        HeartbeatResponse response = cp.sendHeartbeat(heartbeat(
                Optional.of(new NatInfo(Endpoint.parse("203.0.113.5:54321"), NatType.SYMMETRIC)), NodeHealth.HEALTHY));

        assertThat(response).isEqualTo(new HeartbeatResponse(false, true));
        wm.verify(postRequestedFor(urlEqualTo("/v1/nodes/node-1/heartbeat"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("User-Agent", equalTo("peerexchange/1.2.3"))
                .withRequestBody(equalToJson("{\"node_id\":\"node-1\",\"timestamp\":\"2030-01-02T03:04:05Z\","
                        + "\"status\":\"healthy\",\"uptime\":\"1h2m3.9s\",\"binary_version\":\"1.2.3\","
                        + "\"binary_checksum\":\"" + CHECKSUM + "\","
                        + "\"nat\":{\"public_endpoint\":\"203.0.113.5:54321\",\"type\":\"symmetric\"}}")));
        // Field by field, with the JSON types plexd's HeartbeatRequest decodes (a Go duration string, not a number).
        JsonNode body = new ObjectMapper()
                .readTree(wm.getAllServeEvents().get(0).getRequest().getBodyAsString());
        assertThat(body.properties())
                .extracting(Map.Entry::getKey)
                .containsExactly(
                        "node_id", "timestamp", "status", "uptime", "binary_version", "binary_checksum", "nat");
        assertThat(body.get("node_id").isTextual()).isTrue();
        assertThat(Instant.parse(body.get("timestamp").textValue())).isEqualTo(Instant.parse("2030-01-02T03:04:05Z"));
        assertThat(body.get("status").textValue()).isEqualTo("healthy");
        assertThat(body.get("uptime").isTextual()).isTrue();
        assertThat(body.get("uptime").textValue()).matches("^([0-9]+h)?([0-9]+m)?[0-9]+(\\.[0-9]+)?s$");
        assertThat(body.get("binary_version").isTextual()).isTrue();
        assertThat(body.get("binary_checksum").textValue()).matches("[0-9a-f]{64}");
        assertThat(body.get("nat").isObject()).isTrue();
        assertThat(body.get("nat").get("type").textValue()).isEqualTo("symmetric");
    }

    @Test
    void givenNoNat_sendHeartbeat_omitsNat() throws Exception {
        wm.stubFor(post(urlEqualTo("/v1/nodes/node-1/heartbeat")).willReturn(json("{}")));

        assertThat(cp.sendHeartbeat(heartbeat(Optional.empty(), NodeHealth.degraded("event stream down"))))
                .isEqualTo(new HeartbeatResponse(false, false));

        wm.verify(postRequestedFor(urlEqualTo("/v1/nodes/node-1/heartbeat"))
                .withRequestBody(equalToJson("{\"node_id\":\"node-1\",\"timestamp\":\"2030-01-02T03:04:05Z\","
                        + "\"status\":\"degraded\",\"uptime\":\"1h2m3.9s\","
                        + "\"binary_version\":\"1.2.3\",\"binary_checksum\":\""
                        + CHECKSUM + "\"}")));
    }

    @Test
    void givenBodyOverOneKiB_call_sendsItGzipped() throws Exception {
        wm.stubFor(post(urlEqualTo("/v1/nodes/node-1/heartbeat")).willReturn(json("{}")));
        String version = "v".repeat(HttpControlPlane.GZIP_REQUEST_ABOVE);

        cp.sendHeartbeat(heartbeat(Optional.empty(), NodeHealth.HEALTHY, version));

        wm.verify(postRequestedFor(urlEqualTo("/v1/nodes/node-1/heartbeat"))
                .withHeader("Content-Encoding", equalTo("gzip"))
                .withRequestBody(equalToJson("{\"node_id\":\"node-1\",\"timestamp\":\"2030-01-02T03:04:05Z\","
                        + "\"status\":\"healthy\",\"uptime\":\"1h2m3.9s\",\"binary_version\":\"" + version
                        + "\",\"binary_checksum\":\"" + CHECKSUM + "\"}")));
    }

    @Test
    void givenSmallBody_call_sendsItPlain() throws Exception {
        wm.stubFor(put(urlEqualTo("/v1/nodes/node-1/endpoint")).willReturn(json("{\"peer_endpoints\":[]}")));

        cp.reportEndpoint(NODE, REPORT);

        wm.verify(putRequestedFor(urlEqualTo("/v1/nodes/node-1/endpoint")).withoutHeader("Content-Encoding"));
    }

    @Test
    void givenTokenReplaced_nextCall_usesNewToken() throws Exception {
        BearerToken token = BearerToken.of("first");
        cp.close();
        cp = new HttpControlPlane(settings(), token);
        wm.stubFor(get(urlEqualTo("/v1/nodes/node-1/state")).willReturn(json("{\"peers\":[]}")));

        cp.listPeers(NODE);
        token.set("second");
        cp.listPeers(NODE);

        assertThat(wm.findAll(getRequestedFor(urlEqualTo("/v1/nodes/node-1/state"))))
                .extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Bearer first", "Bearer second");
    }

    @ParameterizedTest
    @CsvSource({"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "RANDOM_DATA_THEN_CLOSE", "MALFORMED_RESPONSE_CHUNK"})
    void givenNetworkFault_call_failsWithNetworkOrProtocol(Fault fault) {
        wm.stubFor(
                get(urlEqualTo("/v1/nodes/node-1/state")).willReturn(aResponse().withFault(fault)));

        assertThatThrownBy(() -> cp.listPeers(NODE))
                .isInstanceOfSatisfying(
                        ControlPlaneException.class, e -> assertThat(e.kind()).isIn(Kind.NETWORK, Kind.PROTOCOL));
        assertThat(cp.poolStats().getLeased()).isZero();
        assertThat(wm.findAll(getRequestedFor(urlEqualTo("/v1/nodes/node-1/state"))))
                .hasSizeBetween(1, 2);
    }

    @Test
    void givenConnectionResetBeforeAnyAnswer_report_triesOnceMoreOnANewConnection() throws Exception {
        wm.stubFor(put(urlEqualTo("/v1/nodes/node-1/endpoint"))
                .inScenario("stale connection")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("reset"));
        wm.stubFor(put(urlEqualTo("/v1/nodes/node-1/endpoint"))
                .inScenario("stale connection")
                .whenScenarioStateIs("reset")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"peer_endpoints\":[{\"peer_id\":\"p-2\",\"endpoint\":\"198.51.100.7:40000\"}]}")));

        EndpointResponse response =
                cp.reportEndpoint(NODE, new EndpointReport(Endpoint.parse("203.0.113.5:54321"), NatType.FULL_CONE));

        assertThat(response.peerEndpoints()).hasSize(1);
        wm.verify(2, putRequestedFor(urlEqualTo("/v1/nodes/node-1/endpoint")));
    }

    @Test
    void givenConnectionResetTwice_report_failsAfterTheSecondTry() {
        wm.stubFor(put(urlEqualTo("/v1/nodes/node-1/endpoint"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> cp.reportEndpoint(
                        NODE, new EndpointReport(Endpoint.parse("203.0.113.5:54321"), NatType.FULL_CONE)))
                .isInstanceOfSatisfying(
                        ControlPlaneException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NETWORK));
        wm.verify(2, putRequestedFor(urlEqualTo("/v1/nodes/node-1/endpoint")));
    }

    @Test
    void givenConnectionResetOnHeartbeat_call_isNotRepeated() {
        wm.stubFor(post(urlEqualTo("/v1/nodes/node-1/heartbeat"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> cp.sendHeartbeat(heartbeat(Optional.empty(), NodeHealth.HEALTHY)))
                .isInstanceOf(ControlPlaneException.class);
        wm.verify(1, postRequestedFor(urlEqualTo("/v1/nodes/node-1/heartbeat")));
    }

    @Test
    void givenNothingListening_call_failsWithNetwork() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (HttpControlPlane nowhere = new HttpControlPlane(
                new ControlPlaneSettings(URI.create("http://127.0.0.1:" + port), "1", true, false, Optional.empty()),
                BearerToken.of(TOKEN))) {
            assertThatThrownBy(() -> nowhere.listPeers(NODE))
                    .isInstanceOfSatisfying(
                            ControlPlaneException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.NETWORK));
        }
    }

    /**
     * The interrupt lands at different moments of the call: before its worker has started the request,
     * while the request connects, and while it waits for the answer. None may leave a request running.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "interrupt after {0} ms")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 3, 10, 30, 300})
    void givenSlowServer_interrupt_abortsTheCallPromptly(int interruptAfterMillis) throws Exception {
        wm.stubFor(get(urlEqualTo("/v1/nodes/node-1/state"))
                .willReturn(json("{\"peers\":[]}").withFixedDelay(10_000)));
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                cp.listPeers(NODE);
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        caller.start();
        Thread.sleep(interruptAfterMillis);

        long start = System.nanoTime();
        caller.interrupt();
        caller.join(5000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        await().atMost(5, TimeUnit.SECONDS).until(() -> cp.poolStats().getLeased() == 0);
    }

    @Test
    void givenInterruptDuringTheOneMoreTry_call_abortsItAndTriesNoFurther() throws Exception {
        wm.stubFor(get(urlEqualTo("/v1/nodes/node-1/state"))
                .inScenario("dead connection")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE))
                .willSetStateTo("slow"));
        wm.stubFor(get(urlEqualTo("/v1/nodes/node-1/state"))
                .inScenario("dead connection")
                .whenScenarioStateIs("slow")
                .willReturn(json("{\"peers\":[]}").withFixedDelay(10_000)));
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                cp.listPeers(NODE);
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        caller.start();
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> wm.findAll(getRequestedFor(urlEqualTo("/v1/nodes/node-1/state")))
                                .size()
                        == 2);

        caller.interrupt();
        caller.join(5000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        await().atMost(5, TimeUnit.SECONDS).until(() -> cp.poolStats().getLeased() == 0);
        Thread.sleep(300);
        wm.verify(2, getRequestedFor(urlEqualTo("/v1/nodes/node-1/state")));
    }

    @Test
    void givenServerSlowerThanRequestTimeout_call_failsWithNetworkAtTheDeadline() {
        cp.close();
        cp = new HttpControlPlane(
                settings(),
                BearerToken.of(TOKEN),
                HttpControlPlane.DEFAULT_MAX_ANSWER_BYTES,
                Duration.ofMillis(500),
                Clock.systemUTC());
        wm.stubFor(get(urlEqualTo("/v1/nodes/node-1/state"))
                .willReturn(json("{\"peers\":[]}").withFixedDelay(5_000)));

        long start = System.nanoTime();
        assertThatThrownBy(() -> cp.listPeers(NODE))
                .isInstanceOfSatisfying(
                        ControlPlaneException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NETWORK));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void givenSelfSignedHttps_defaultSettings_refuseTheCertificate() {
        wm.stubFor(get(urlEqualTo("/v1/nodes/node-1/state")).willReturn(json("{\"peers\":[]}")));
        URI https = URI.create("https://localhost:" + wm.getRuntimeInfo().getHttpsPort());

        try (HttpControlPlane strict =
                new HttpControlPlane(ControlPlaneSettings.defaults(https), BearerToken.of(TOKEN))) {
            assertThatThrownBy(() -> strict.listPeers(NODE))
                    .isInstanceOfSatisfying(
                            ControlPlaneException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.NETWORK));
        }
    }

    @Test
    void givenSelfSignedHttps_insecureSwitch_acceptsIt() throws Exception {
        wm.stubFor(get(urlEqualTo("/v1/nodes/node-1/state")).willReturn(json("{\"peers\":[]}")));
        URI https = URI.create("https://localhost:" + wm.getRuntimeInfo().getHttpsPort());

        try (HttpControlPlane lab = new HttpControlPlane(
                new ControlPlaneSettings(https, "1", false, true, Optional.empty()), BearerToken.of(TOKEN))) {
            assertThat(lab.listPeers(NODE)).isEmpty();
        }
    }

    @Test
    void givenClosed_call_failsWithNetwork() {
        cp.close();

        assertThatThrownBy(() -> cp.listPeers(NODE))
                .isInstanceOfSatisfying(
                        ControlPlaneException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NETWORK));
    }

    @Test
    void givenManyCalls_pool_endsWithNoLeasedConnection() throws Exception {
        wm.stubFor(get(urlEqualTo("/v1/nodes/node-1/state")).willReturn(json("{\"peers\":[]}")));
        List<CompletableFuture<List<Peer>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return cp.listPeers(NODE);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<List<Peer>> call : calls) {
            assertThat(call.get(10, TimeUnit.SECONDS)).isEmpty();
        }

        assertThat(cp.poolStats().getLeased()).isZero();
    }

    @Test
    void givenCaFile_call_trustsItsCertificateAndStillChecksTheHostName(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path keystore = dir.resolve("server.p12");
        java.nio.file.Path ca = dir.resolve("ca.pem");
        String keytool = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString();
        run(
                keytool,
                "-genkeypair",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "password",
                "-keypass",
                "password",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost",
                "-validity",
                "2");
        run(
                keytool,
                "-exportcert",
                "-rfc",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "password",
                "-alias",
                "server",
                "-file",
                ca.toString());
        com.github.tomakehurst.wiremock.WireMockServer tls =
                new com.github.tomakehurst.wiremock.WireMockServer(wireMockConfig()
                        .httpDisabled(true)
                        .dynamicHttpsPort()
                        .keystorePath(keystore.toString())
                        .keystoreType("PKCS12")
                        .keystorePassword("password")
                        .keyManagerPassword("password"));
        tls.start();
        try {
            tls.stubFor(get(urlEqualTo("/v1/nodes/node-1/state")).willReturn(json("{\"peers\":[]}")));
            int port = tls.httpsPort();
            try (HttpControlPlane pinned = new HttpControlPlane(
                    new ControlPlaneSettings(
                            URI.create("https://localhost:" + port), "1", false, false, Optional.of(ca)),
                    BearerToken.of(TOKEN))) {
                assertThat(pinned.listPeers(NODE)).isEmpty();
            }
            try (HttpControlPlane wrongName = new HttpControlPlane(
                    new ControlPlaneSettings(
                            URI.create("https://127.0.0.1:" + port), "1", false, false, Optional.of(ca)),
                    BearerToken.of(TOKEN))) {
                assertThatThrownBy(() -> wrongName.listPeers(NODE))
                        .isInstanceOfSatisfying(
                                ControlPlaneException.class,
                                e -> assertThat(e.kind()).isEqualTo(Kind.NETWORK));
            }
        } finally {
            tls.stop();
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s: %s", command[1], output).isZero();
    }

    static final String CHECKSUM = "0123456789abcdef".repeat(4);

    private static Heartbeat heartbeat(Optional<NatInfo> nat, NodeHealth health) {
        return heartbeat(nat, health, "1.2.3");
    }

    private static Heartbeat heartbeat(Optional<NatInfo> nat, NodeHealth health, String version) {
        return new Heartbeat(
                NODE,
                Instant.parse("2030-01-02T03:04:05.678Z"),
                health,
                Duration.ofSeconds(3723, 900_000_000),
                version,
                CHECKSUM,
                nat);
    }

    private static byte[] gzip(String text) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
