package io.peerexchange.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.peerexchange.bootstrap.testing.MiniJson;
import io.peerexchange.bootstrap.testing.SuiteCoturn;
import io.peerexchange.testing.agent.AgentProcess;
import io.peerexchange.testing.coturn.Coturn;
import io.peerexchange.testing.net.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peerexchange run} as a process against WireMock (the control plane) and coturn (STUN):
 * the whole start-up, the SIGTERM shutdown and the exit codes, with the token never in the output.
 * WireGuard is reached through a UAPI socket that does not exist, so peer updates only log warnings.
 */
class RunProcessIT {
    private static final String NODE = "n1";
    private static final String PEER_KEY = Base64.getEncoder().encodeToString(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32
    });
    private static final Path SHIPPED_CLASS_LIST =
            Path.of("src/main/resources/io/peerexchange/bootstrap/cds/peerexchange.classlist");
    private static Coturn coturn;

    private WireMockServer controlPlane;
    private final String token = "pxb-secret-" + UUID.randomUUID();

    @TempDir
    Path dir;

    @BeforeAll
    static void startCoturn() throws Exception {
        coturn = SuiteCoturn.start();
    }

    @AfterAll
    static void stopCoturn() throws Exception {
        if (coturn != null) {
            coturn.close();
        }
    }

    @BeforeEach
    void startControlPlane() {
        controlPlane = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        controlPlane.start();
        controlPlane.stubFor(get(urlEqualTo("/v1/nodes/" + NODE + "/state"))
                .willReturn(okJson(
                        "{\"peers\":[{\"id\":\"p-2\",\"public_key\":\"" + PEER_KEY + "\",\"mesh_ip\":\"10.0.0.2\","
                                + "\"endpoint\":\"\",\"allowed_ips\":[\"10.0.0.2/32\"]}],\"generation\":7}")));
        controlPlane.stubFor(put(urlEqualTo("/v1/nodes/" + NODE + "/endpoint"))
                .willReturn(
                        okJson("{\"peer_endpoints\":[{\"peer_id\":\"p-2\",\"endpoint\":\"198.51.100.7:40000\"}]}")));
        controlPlane.stubFor(post(urlEqualTo("/v1/nodes/" + NODE + "/heartbeat"))
                .willReturn(okJson("{\"reconcile\":false,\"rotate_keys\":false}")));
        controlPlane.stubFor(get(urlEqualTo("/v1/nodes/" + NODE + "/events"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(
                                ": hello\n\nid: e1\nevent: peer_endpoint_changed\ndata: {\"event_type\":\"peer_endpoint_changed\","
                                        + "\"event_id\":\"e1\",\"issued_at\":\"2025-01-01T00:00:00Z\",\"nonce\":\"x1\",\"payload\":"
                                        + "{\"id\":\"p-2\",\"public_key\":\"" + PEER_KEY
                                        + "\",\"endpoint\":\"198.51.100.7:40001\","
                                        + "\"allowed_ips\":[\"10.0.0.2/32\"]}}\n\n")));
    }

    @AfterEach
    void stopControlPlane() {
        controlPlane.stop();
    }

    @Test
    void givenControlPlaneAndStun_run_startsEverything_andSigtermExitsZeroWithinFiveSeconds() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
        int listenPort = FreePorts.udp();
        try (AgentProcess agent = AgentProcess.start(
                Map.of(),
                "run",
                "--node-id",
                NODE,
                "--control-plane-url",
                controlPlane.baseUrl(),
                "--allow-http",
                "--token-file",
                tokenFile.toString(),
                "--stun-server",
                coturn.address(),
                "--listen-port",
                String.valueOf(listenPort),
                "--interface",
                "pxbt0",
                "--wg-backend",
                "uapi",
                "--log-level",
                "trace",
                "--log-format",
                "json")) {

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(agent.isAlive()).as(agent.stderr()).isTrue();
                controlPlane.verify(getRequestedFor(urlEqualTo("/v1/nodes/" + NODE + "/state"))
                        .withHeader("Authorization", equalTo("Bearer " + token)));
                controlPlane.verify(putRequestedFor(urlEqualTo("/v1/nodes/" + NODE + "/endpoint"))
                        .withRequestBody(matchingJsonPath("$.public_endpoint", equalTo("127.0.0.1:" + listenPort))));
                controlPlane.verify(postRequestedFor(urlEqualTo("/v1/nodes/" + NODE + "/heartbeat"))
                        .withRequestBody(matchingJsonPath("$.node_id", equalTo(NODE))));
                controlPlane.verify(getRequestedFor(urlEqualTo("/v1/nodes/" + NODE + "/events"))
                        .withHeader("Accept", WireMock.containing("text/event-stream")));
            });

            long signalled = System.nanoTime();
            agent.terminate();
            int code = agent.awaitExit(10);
            Duration took = Duration.ofNanos(System.nanoTime() - signalled);

            assertThat(code).as(agent.stderr()).isZero();
            assertThat(took).isLessThan(Duration.ofSeconds(5));
            String output = agent.stdout() + agent.stderr();
            assertThat(output).doesNotContain(token);
            List<String> lines = agent.stderr().lines().toList();
            assertThat(lines)
                    .isNotEmpty()
                    .allSatisfy(line ->
                            assertThat(MiniJson.object(line)).containsKeys("time", "level", "component", "msg"));
            assertThat(agent.stderr())
                    .contains("\"msg\":\"discovered public endpoint\"")
                    .contains("\"endpoint\":\"127.0.0.1:" + listenPort + "\"")
                    .contains("\"msg\":\"agent stopped\"");
        }
    }

    /**
     * The launcher dumps its class-data archive from the class list the jar carries
     * ({@code src/main/resources/io/peerexchange/bootstrap/cds/peerexchange.classlist}). This session, with the agent's default log
     * settings, records what the agent really loads into {@code target/cds/peerexchange.classlist} and
     * fails when the shipped list misses more than 5 % of the agent's and its libraries' classes: then
     * copy the recorded list over it. The JDK's own classes are left out of the comparison, as they
     * differ between JDK builds.
     */
    @Test
    void givenAFullSession_theShippedCdsClassList_coversWhatTheAgentLoads() throws Exception {
        Path recorded = Path.of("target", "cds", "peerexchange.classlist").toAbsolutePath();
        Files.createDirectories(recorded.getParent());
        Files.deleteIfExists(recorded);
        Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
        int listenPort = FreePorts.udp();
        try (AgentProcess agent = AgentProcess.start(
                List.of("-XX:DumpLoadedClassList=" + recorded),
                Map.of(),
                "run",
                "--node-id",
                NODE,
                "--control-plane-url",
                controlPlane.baseUrl(),
                "--allow-http",
                "--token-file",
                tokenFile.toString(),
                "--stun-server",
                coturn.address(),
                "--listen-port",
                String.valueOf(listenPort),
                "--interface",
                "pxbt0",
                "--wg-backend",
                "uapi")) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(agent.isAlive()).as(agent.stderr()).isTrue();
                controlPlane.verify(putRequestedFor(urlEqualTo("/v1/nodes/" + NODE + "/endpoint")));
                controlPlane.verify(postRequestedFor(urlEqualTo("/v1/nodes/" + NODE + "/heartbeat")));
                assertThat(agent.stderr()).contains("msg=\"peer update failed\"");
            });
            agent.terminate();
            assertThat(agent.awaitExit(10)).as(agent.stderr()).isZero();
        }

        java.util.Set<String> loaded = classListEntries(recorded).stream()
                .filter(name -> !name.matches("(java|javax|jdk|sun|com/sun)/.*"))
                .collect(java.util.stream.Collectors.toSet());
        java.util.Set<String> shipped = classListEntries(SHIPPED_CLASS_LIST);
        List<String> missing =
                loaded.stream().filter(name -> !shipped.contains(name)).sorted().toList();
        assertThat(loaded)
                .as("agent and library classes recorded in " + recorded)
                .hasSizeGreaterThan(500);
        assertThat(missing.size())
                .as(
                        "the shipped CDS class list misses %d of the %d agent and library classes a session loads (first: %s); "
                                + "refresh it: cp bootstrap/target/cds/peerexchange.classlist bootstrap/"
                                + SHIPPED_CLASS_LIST,
                        missing.size(),
                        loaded.size(),
                        missing.stream().limit(10).toList())
                .isLessThanOrEqualTo(loaded.size() / 20);
    }

    private static java.util.Set<String> classListEntries(Path file) throws java.io.IOException {
        return Files.readAllLines(file).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("@"))
                .map(line -> line.split(" ", 2)[0])
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void givenTheTokenIsRejectedOnTheEventStream_run_exitsOne() throws Exception {
        controlPlane.stubFor(get(urlEqualTo("/v1/nodes/" + NODE + "/events"))
                .willReturn(aResponse().withStatus(401)));
        try (AgentProcess agent = AgentProcess.start(
                Map.of(
                        "PEEREXCHANGE_TOKEN",
                        token,
                        "PEEREXCHANGE_NODE_ID",
                        NODE,
                        "PEEREXCHANGE_CONTROL_PLANE_URL",
                        controlPlane.baseUrl(),
                        "PEEREXCHANGE_ALLOW_HTTP",
                        "true",
                        "PEEREXCHANGE_NAT_ENABLED",
                        "false"),
                "run",
                "--interface",
                "pxbt0",
                "--wg-backend",
                "uapi")) {
            int code = agent.awaitExit(30);

            assertThat(code).as(agent.stderr()).isEqualTo(1);
            assertThat(agent.stderr())
                    .contains("level=error component=agent msg=\"agent stopping on error\"")
                    .contains("401")
                    .doesNotContain(token)
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void givenTheTokenFileIsRotatedAndTheOldTokenRevoked_run_reloadsItAndKeepsWorking() throws Exception {
        String rotated = "pxb-rotated-" + UUID.randomUUID();
        Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
        try (AgentProcess agent = AgentProcess.start(
                Map.of(),
                "run",
                "--node-id",
                NODE,
                "--control-plane-url",
                controlPlane.baseUrl(),
                "--allow-http",
                "--token-file",
                tokenFile.toString(),
                "--nat-enabled",
                "false",
                "--heartbeat-interval",
                "1s",
                "--interface",
                "pxbt0",
                "--wg-backend",
                "uapi")) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(agent.isAlive()).as(agent.stderr()).isTrue();
                controlPlane.verify(getRequestedFor(urlEqualTo("/v1/nodes/" + NODE + "/events"))
                        .withHeader("Authorization", equalTo("Bearer " + token)));
            });

            // The operator (or a secret manager) writes the new token; the control plane revokes the old one.
            Path next = Files.writeString(dir.resolve("token.next"), rotated + "\n");
            Files.move(
                    next,
                    tokenFile,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            controlPlane.stubFor(get(urlEqualTo("/v1/nodes/" + NODE + "/events"))
                    .atPriority(1)
                    .withHeader("Authorization", equalTo("Bearer " + token))
                    .willReturn(aResponse().withStatus(401)));
            controlPlane.stubFor(post(urlEqualTo("/v1/nodes/" + NODE + "/heartbeat"))
                    .atPriority(1)
                    .withHeader("Authorization", equalTo("Bearer " + token))
                    .willReturn(aResponse().withStatus(401)));
            controlPlane.resetRequests();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(agent.isAlive()).as(agent.stderr()).isTrue();
                controlPlane.verify(getRequestedFor(urlEqualTo("/v1/nodes/" + NODE + "/events"))
                        .withHeader("Authorization", equalTo("Bearer " + rotated)));
                controlPlane.verify(postRequestedFor(urlEqualTo("/v1/nodes/" + NODE + "/heartbeat"))
                        .withHeader("Authorization", equalTo("Bearer " + rotated)));
            });
            assertThat(agent.isAlive()).as(agent.stderr()).isTrue();
            agent.terminate();
            assertThat(agent.awaitExit(10)).as(agent.stderr()).isZero();
            assertThat(agent.stderr())
                    .contains("msg=\"control-plane token reloaded from its file\"")
                    .doesNotContain(token)
                    .doesNotContain(rotated);
        }
    }

    @Test
    void givenTheTokenFileUnchangedAndTheTokenRejected_run_exitsOne() throws Exception {
        controlPlane.stubFor(get(urlEqualTo("/v1/nodes/" + NODE + "/events"))
                .willReturn(aResponse().withStatus(401)));
        Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
        try (AgentProcess agent = AgentProcess.start(
                Map.of(),
                "run",
                "--node-id",
                NODE,
                "--control-plane-url",
                controlPlane.baseUrl(),
                "--allow-http",
                "--token-file",
                tokenFile.toString(),
                "--nat-enabled",
                "false",
                "--interface",
                "pxbt0",
                "--wg-backend",
                "uapi")) {
            int code = agent.awaitExit(30);

            assertThat(code).as(agent.stderr()).isEqualTo(1);
            assertThat(agent.stderr())
                    .contains("msg=\"agent stopping on error\"")
                    .contains("401")
                    .doesNotContain("token reloaded")
                    .doesNotContain(token);
        }
    }

    @Test
    void givenNoStunServerAnswers_run_exitsOneOnTheFirstDiscovery() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), token);
        try (AgentProcess agent = AgentProcess.start(
                Map.of(),
                "run",
                "--node-id",
                NODE,
                "--control-plane-url",
                controlPlane.baseUrl(),
                "--allow-http",
                "--token-file",
                tokenFile.toString(),
                "--stun-server",
                "127.0.0.1:" + FreePorts.udp(),
                "--timeout",
                "500ms",
                "--listen-port",
                "0",
                "--interface",
                "pxbt0",
                "--wg-backend",
                "uapi")) {
            int code = agent.awaitExit(30);

            assertThat(code).as(agent.stderr()).isEqualTo(1);
            assertThat(agent.stderr())
                    .contains("reason=\"first discovery failed: all 1 STUN servers failed: 127.0.0.1:")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void givenAMissingTokenFile_run_exitsTwoNamingTheFlag() throws Exception {
        try (AgentProcess agent = AgentProcess.start(
                Map.of(),
                "run",
                "--node-id",
                NODE,
                "--control-plane-url",
                controlPlane.baseUrl(),
                "--allow-http",
                "--token-file",
                dir.resolve("absent").toString())) {
            int code = agent.awaitExit(30);

            assertThat(code).isEqualTo(2);
            assertThat(agent.stderr().lines())
                    .containsExactly("peerexchange: invalid --token-file: token file " + dir.resolve("absent")
                            + " does not exist");
            controlPlane.verify(0, getRequestedFor(urlEqualTo("/v1/nodes/" + NODE + "/state")));
        }
    }
}
