package io.peerexchange.bootstrap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.peerexchange.bootstrap.testing.MiniJson;
import io.peerexchange.bootstrap.testing.SuiteCoturn;
import io.peerexchange.testing.agent.AgentProcess;
import io.peerexchange.testing.coturn.Coturn;
import io.peerexchange.testing.env.Require;
import io.peerexchange.testing.net.FreePorts;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's surface of a running agent, as processes: {@code status} and {@code status --check}
 * over the control socket, and the Prometheus endpoint checked by {@code promtool}. The control plane
 * is WireMock, STUN is coturn, WireGuard is absent (its UAPI socket does not exist).
 */
class OperatorProcessIT {
    private static final String NODE = "n1";
    private static final String PEER_KEY = Base64.getEncoder().encodeToString(key());
    private static Coturn coturn;
    private static final String EVENT =
            "id: e1\nevent: peer_endpoint_changed\ndata: {\"event_type\":\"peer_endpoint_changed\","
                    + "\"event_id\":\"e1\",\"issued_at\":\"2025-01-01T00:00:00Z\",\"nonce\":\"x1\",\"payload\":"
                    + "{\"id\":\"p-2\",\"public_key\":\"" + PEER_KEY
                    + "\",\"endpoint\":\"198.51.100.7:40001\","
                    + "\"allowed_ips\":[\"10.0.0.2/32\"]}}\n\n";

    private static byte[] key() {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 7);
        return key;
    }

    private WireMockServer controlPlane;
    private final String token = "pxo-secret-" + UUID.randomUUID();

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
                .willReturn(okJson("{\"peers\":[{\"id\":\"p-2\",\"public_key\":\"" + PEER_KEY
                        + "\",\"mesh_ip\":\"10.0.0.2\",\"endpoint\":\"\",\"allowed_ips\":[\"10.0.0.2/32\"]}]}")));
        controlPlane.stubFor(put(urlEqualTo("/v1/nodes/" + NODE + "/endpoint"))
                .willReturn(
                        okJson("{\"peer_endpoints\":[{\"peer_id\":\"p-2\",\"endpoint\":\"198.51.100.7:40000\"}]}")));
        controlPlane.stubFor(post(urlEqualTo("/v1/nodes/" + NODE + "/heartbeat"))
                .willReturn(okJson("{\"reconcile\":false,\"rotate_keys\":true}")));
        // One event, then the stream ends: the agent reconnects, so the stream counters move.
        controlPlane.stubFor(get(urlEqualTo("/v1/nodes/" + NODE + "/events"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(EVENT)));
    }

    @AfterEach
    void stopControlPlane() {
        controlPlane.stop();
    }

    private AgentProcess startAgent(Path socket, int metricsPort) throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
        return AgentProcess.start(
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
                String.valueOf(FreePorts.udp()),
                "--interface",
                "pxot0",
                "--wg-backend",
                "uapi",
                "--heartbeat-interval",
                "2s",
                "--control-socket",
                socket.toString(),
                "--metrics-listen",
                "127.0.0.1:" + metricsPort);
    }

    @Test
    void givenARunningAgent_status_answersOverTheOwnerOnlySocketAndTheChecksExitByHealth() throws Exception {
        Path socket = dir.resolve("run").resolve("agent.sock");
        try (AgentProcess agent = startAgent(socket, freeTcpPort())) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(agent.isAlive()).as(agent.stderr()).isTrue();
                controlPlane.verify(putRequestedFor(urlEqualTo("/v1/nodes/" + NODE + "/endpoint")));
                assertThat(socket).exists();
            });
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                    .isEqualTo("rw-------");

            Cli json = cli("status", "--json", "--control-socket", socket.toString());
            assertThat(json.code).as(json.err).isZero();
            Map<String, Object> status = MiniJson.object(json.out.strip());
            assertThat(String.valueOf(status.get("schema"))).isEqualTo("1");
            assertThat(json.out)
                    .contains("\"id\":\"n1\"")
                    .contains("\"public_endpoint\":\"127.0.0.1:")
                    .contains("\"id\":\"p-2\"")
                    .contains("\"reachable\":false")
                    .contains("\"rotate_keys_asked_at\":\"")
                    .doesNotContain(token)
                    .doesNotContain(PEER_KEY);

            Cli table = cli("status", "--control-socket", socket.toString());
            assertThat(table.code).as(table.err).isZero();
            assertThat(table.out)
                    .contains("node n1")
                    .contains("PEER")
                    .contains("p-2")
                    .contains("NOT READY");

            Cli onePeer = cli("status", "--json", "--peer", "nobody", "--control-socket", socket.toString());
            assertThat(onePeer.out).contains("\"peers\":[]");

            assertThat(cli("status", "--check", "live", "--control-socket", socket.toString()).code)
                    .isZero();
            Cli ready = cli("status", "--check", "ready", "--control-socket", socket.toString());
            assertThat(ready.code).isEqualTo(ExitCode.FAILURE);
            assertThat(ready.err).contains("ready check failed: WireGuard not reachable");

            agent.terminate();
            assertThat(agent.awaitExit(10)).as(agent.stderr()).isZero();
            assertThat(socket).as("the socket is removed on stop").doesNotExist();
        }
        Cli gone = cli("status", "--check", "live", "--control-socket", socket.toString());
        assertThat(gone.code).isEqualTo(ExitCode.FAILURE);
        assertThat(gone.err).contains("no answer from the agent");
    }

    @Test
    void givenMetricsListen_theEndpoint_passesPromtoolAndItsCountersMove() throws Exception {
        Require.command("promtool", "prometheus");
        int port = freeTcpPort();
        // The good event, then one that is no JSON envelope: the dispatcher refuses it as malformed.
        controlPlane.stubFor(get(urlEqualTo("/v1/nodes/" + NODE + "/events"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(EVENT + "id: e2\nevent: peer_endpoint_changed\ndata: {\"event_type\":\n\n")));
        try (AgentProcess agent = startAgent(dir.resolve("agent.sock"), port)) {
            URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                assertThat(agent.isAlive()).as(agent.stderr()).isTrue();
                assertThat(sample(scrape(metrics), "peerexchange_endpoint_reports_total{outcome=\"ok\"}"))
                        .isPositive();
            });
            String first = scrape(metrics);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                String later = scrape(metrics);
                assertThat(sample(later, "peerexchange_heartbeats_total{outcome=\"ok\"}"))
                        .isGreaterThan(sample(first, "peerexchange_heartbeats_total{outcome=\"ok\"}"));
                assertThat(sample(later, "peerexchange_event_stream_attempts_total"))
                        .isGreaterThan(sample(first, "peerexchange_event_stream_attempts_total"));
            });
            String text = scrape(metrics);
            assertThat(text)
                    .contains("peerexchange_stun_bindings_total{server=\"" + coturn.address() + "\",outcome=\"ok\"}")
                    .contains("peerexchange_events_received_total{type=\"peer_endpoint_changed\"}")
                    .contains("peerexchange_wireguard_endpoint_writes_total{outcome=\"unreachable\"}")
                    .contains("peerexchange_peers{path=\"unknown\"} 0")
                    .contains("process_resident_memory_bytes ")
                    .doesNotContain(token);
            assertThat(sample(text, "peerexchange_node_state_reads_total{outcome=\"ok\"}"))
                    .isPositive();
            assertThat(sample(text, "peerexchange_events_rejected_total{reason=\"malformed\"}"))
                    .as("%s%n%s", text, agent.stderr())
                    .isPositive();

            Path file = Files.writeString(dir.resolve("metrics.txt"), text);
            Process promtool = new ProcessBuilder("promtool", "check", "metrics")
                    .redirectInput(file.toFile())
                    .redirectErrorStream(true)
                    .start();
            String verdict = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(promtool.exitValue())
                    .as("promtool check metrics:%n%s%n%s", verdict, text)
                    .isZero();

            HttpResponse<String> other = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void givenANonLoopbackMetricsAddressWithoutAllowRemote_run_exitsTwoNamingTheKey() throws Exception {
        Cli refused = cli(
                "run",
                "--node-id",
                NODE,
                "--control-plane-url",
                controlPlane.baseUrl(),
                "--allow-http",
                "--token-file",
                Files.writeString(dir.resolve("t"), token).toString(),
                "--metrics-listen",
                "0.0.0.0:9586");

        assertThat(refused.code).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err).contains("--metrics-listen").contains("metrics_allow_remote");
    }

    private Path configFile(Path socket, String logLevel, String refresh) throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
        return Files.writeString(
                dir.resolve("config.yaml"),
                String.join(
                        "\n",
                        "node_id: " + NODE,
                        "control_plane_url: " + controlPlane.baseUrl(),
                        "allow_http: true",
                        "token_file: " + tokenFile,
                        "stun_servers: [" + coturn.address() + "]",
                        "listen_port: " + listenPort,
                        "interface: pxot1",
                        "wg_backend: uapi",
                        "heartbeat_interval: 2s",
                        "refresh_interval: " + refresh,
                        "control_socket: " + socket,
                        "log_level: " + logLevel,
                        ""));
    }

    private final int listenPort = FreePorts.udp();

    @Test
    void givenSighupChangingLogLevel_theAgent_logsAtTheNewLevelAndKeepsItsEventStream() throws Exception {
        // A stream that stays open: a reload must not reconnect it.
        controlPlane.stubFor(get(urlEqualTo("/v1/nodes/" + NODE + "/events"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(": open\n\n" + ": keep\n\n".repeat(20))
                        .withChunkedDribbleDelay(20, 120_000)));
        Path socket = dir.resolve("agent.sock");
        Path config = configFile(socket, "info", "60s");
        try (AgentProcess agent = AgentProcess.start(Map.of(), "run", "--config", config.toString())) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                assertThat(agent.isAlive()).as(agent.stderr()).isTrue();
                assertThat(cli("status", "--json", "--control-socket", socket.toString()).out)
                        .contains("\"event_stream\":\"up\"");
            });
            String before = cli("status", "--json", "--control-socket", socket.toString()).out;
            assertThat(agent.stderr()).doesNotContain("msg=\"heartbeat sent\"");

            configFile(socket, "debug", "90s");
            Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(agent.pid())).start();
            assertThat(hup.waitFor()).isZero();

            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(agent.stderr())
                            .contains("msg=\"configuration reloaded\" applied=log_level")
                            .contains("keys=refresh_interval")
                            .contains("level=debug component=controlplane msg=\"heartbeat sent\""));
            String after = cli("status", "--json", "--control-socket", socket.toString()).out;
            assertThat(agent.isAlive()).isTrue();
            assertThat(after).contains("\"event_stream\":\"up\"");
            assertThat(connections(after)).as("no reconnect: %s", after).isEqualTo(connections(before));
            assertThat(agent.stderr()).doesNotContain("agent stopping");
        }
    }

    @Test
    void givenAConfigFile_configCheck_printsItRedactedAndExitsByValidity() throws Exception {
        Path config = configFile(dir.resolve("agent.sock"), "info", "60s");

        Cli ok = cli("config", "check", "--config", config.toString());

        assertThat(ok.code).as(ok.err).isZero();
        assertThat(ok.out)
                .contains("node_id: n1    # node_id (in " + config + "), restart")
                .contains("log_level: info    # log_level (in " + config + "), live")
                .contains("nat_enabled: true    # default, restart")
                .contains("# token: <redacted>")
                .doesNotContain(token);

        Files.writeString(config, Files.readString(config).replace("refresh_interval: 60s", "refresh_interval: 1s"));
        Cli bad = cli("config", "check", "--config", config.toString());
        assertThat(bad.code).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err).contains("refresh_interval");
    }

    private static String connections(String statusJson) {
        Matcher m = Pattern.compile("\"stream_connections\":(\\d+)").matcher(statusJson);
        assertThat(m.find()).as(statusJson).isTrue();
        return m.group(1);
    }

    private static String scrape(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
        return response.body();
    }

    /** The value of the sample named exactly {@code series}; 0 when absent. */
    static double sample(String text, String series) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** One short-lived {@code peerexchange} command. */
    record Cli(int code, String out, String err) {}

    static Cli cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jar = System.getProperty("peerexchange.jar");
        if (jar != null && new File(jar).isFile()) {
            command.addAll(List.of("-jar", jar));
        } else {
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    AgentProcess.MAIN_CLASS));
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("PEEREXCHANGE_"));
        Process p = builder.start();
        // Outputs are small: read them after the exit.
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("peerexchange " + String.join(" ", args) + " did not finish");
        }
        return new Cli(
                p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
