package io.peerexchange.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerexchange.devtools.controlplane.EventSigner;
import io.peerexchange.devtools.controlplane.NodeDefinition;
import io.peerexchange.devtools.controlplane.ReferenceControlPlane;
import io.peerexchange.testing.agent.AgentProcess;
import io.peerexchange.testing.net.FreePorts;
import io.peerexchange.testing.wireguard.WireGuardGo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One scenario's world against the devtools reference control plane, started in-process: node
 * {@code n1} (the agent) and its peers p-2, p-3 with real Curve25519 keys; a wireguard-go interface
 * holding p-2 and p-3 at placeholder endpoints; the agent process through the launcher, NAT
 * traversal off unless the scenario passes its own flags. The admin API is driven over real HTTP.
 * Closing it tears everything down, also after a failure.
 */
final class ReferenceRig implements AutoCloseable {
    static final String NODE = "n1";
    static final String PLACEHOLDER_2 = "192.0.2.2:1002";
    static final String PLACEHOLDER_3 = "192.0.2.3:1003";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    final Path dir;
    final String token;
    final String peer2;
    final String peer3;
    final Optional<EventSigner> signer;
    final ReferenceControlPlane controlPlane;
    final WireGuardGo wireGuard;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(ADMIN_TIMEOUT).build();
    private AgentProcess agent;

    private ReferenceRig(
            Path dir,
            String token,
            String peer2,
            String peer3,
            Optional<EventSigner> signer,
            ReferenceControlPlane controlPlane,
            WireGuardGo wireGuard) {
        this.dir = dir;
        this.token = token;
        this.peer2 = peer2;
        this.peer3 = peer3;
        this.signer = signer;
        this.controlPlane = controlPlane;
        this.wireGuard = wireGuard;
    }

    /** Control plane and wireguard-go up, the agent not yet started; events are signed when {@code signed}. */
    static ReferenceRig create(Path dir, String ifname, boolean signed) throws Exception {
        // wireguard-go creates a TUN interface: root only (skipped otherwise, failed under CI=true).
        WireGuardGo.requireAvailable();
        Optional<EventSigner> signer = signed ? Optional.of(EventSigner.generate()) : Optional.empty();
        String token = "pxe-token-" + UUID.randomUUID();
        String peer2 = Keys.publicKey();
        String peer3 = Keys.publicKey();
        ReferenceControlPlane cp = new ReferenceControlPlane(
                new InetSocketAddress("127.0.0.1", 0),
                List.of(
                        new NodeDefinition(NODE, token, Keys.publicKey(), "10.77.0.1", List.of("10.77.0.1/32")),
                        peer("p-2", peer2, "10.77.0.2"),
                        peer("p-3", peer3, "10.77.0.3")),
                signer,
                Duration.ofSeconds(15),
                64);
        WireGuardGo wg = null;
        try {
            cp.start();
            wg = WireGuardGo.named(ifname).listenPort(FreePorts.udp()).up().start();
            wg.addPeer(peer2, "10.77.0.2/32", PLACEHOLDER_2);
            wg.addPeer(peer3, "10.77.0.3/32", PLACEHOLDER_3);
            return new ReferenceRig(dir, token, peer2, peer3, signer, cp, wg);
        } catch (Exception | Error e) {
            if (wg != null) {
                wg.close();
            }
            cp.close();
            throw e;
        }
    }

    private static NodeDefinition peer(String id, String key, String meshIp) {
        // A token nobody uses: the peers never call in, the admin API speaks for them.
        return new NodeDefinition(id, "pxe-" + UUID.randomUUID(), key, meshIp, List.of(meshIp + "/32"));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + controlPlane.address().getPort();
    }

    /** Starts the agent with NAT traversal off (unless {@code extra} says otherwise) and the rig's signing key. */
    AgentProcess startAgent(String... extra) throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
        List<String> args = new ArrayList<>(List.of(
                "--node-id",
                NODE,
                "--control-plane-url",
                baseUrl(),
                "--allow-http",
                "--token-file",
                tokenFile.toString(),
                "--interface",
                wireGuard.ifname(),
                "--wg-backend",
                "uapi",
                "--listen-port",
                String.valueOf(wireGuard.listenPort()),
                "--log-format",
                "text"));
        if (!List.of(extra).contains("--nat-enabled")) {
            args.addAll(List.of("--nat-enabled", "false"));
        }
        signer.ifPresent(s -> args.addAll(List.of("--signing-key", s.publicKeyBase64())));
        args.addAll(List.of(extra));
        agent = AgentProcess.viaLauncher().outputIn(dir).closeGrace(10).start(args);
        return agent;
    }

    AgentProcess agent() {
        return agent;
    }

    /** An admin call; answers the JSON body, fails the test on any status but 200. */
    JsonNode admin(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(ADMIN_TIMEOUT)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s %s answered %s", method, path, response.body())
                .isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    /** Sets the endpoint the control plane holds for {@code peerId}, without any event. */
    void setEndpoint(String peerId, String endpoint) throws IOException, InterruptedException {
        admin("PUT", "/v1/admin/peers/" + peerId + "/endpoint", "{\"endpoint\":\"" + endpoint + "\"}");
    }

    /** Injects one event to the agent's node, signed as {@code signWith} says. */
    void inject(String eventType, String payload, String signWith) throws IOException, InterruptedException {
        admin(
                "POST",
                "/v1/admin/nodes/" + NODE + "/events",
                "{\"event_type\":\"" + eventType + "\",\"payload\":" + payload + ",\"sign_with\":\"" + signWith
                        + "\"}");
    }

    /** {@code peer_endpoint_changed} naming the peer by id and key. */
    void endpointEvent(String peerId, String key, String endpoint, String signWith)
            throws IOException, InterruptedException {
        inject(
                "peer_endpoint_changed",
                "{\"id\":\"" + peerId + "\",\"public_key\":\"" + key + "\",\"endpoint\":\"" + endpoint + "\"}",
                signWith);
    }

    /** The admin listing's entry for the agent's node. */
    JsonNode agentNode() throws IOException, InterruptedException {
        for (JsonNode node : admin("GET", "/v1/admin/nodes", null).path("nodes")) {
            if (node.path("id").asText().equals(NODE)) {
                return node;
            }
        }
        throw new AssertionError("no admin entry for " + NODE);
    }

    /** Waits until the agent's event stream is open, so that injected events reach it. */
    void awaitStream() {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    assertAlive();
                    assertThat(agentNode().path("event_streams").asInt()).isGreaterThan(0);
                });
    }

    /** Waits until WireGuard holds {@code endpoint} for the peer, at most {@code within}; returns how long it took. */
    Duration awaitEndpoint(String peerKey, String endpoint, Duration within) {
        long start = System.nanoTime();
        await().atMost(within).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            assertAlive();
            assertThat(wireGuard.endpointOf(peerKey)).isEqualTo(endpoint);
        });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Waits until the agent logged a line with every one of {@code parts}, at most {@code within}. */
    void awaitLog(Duration within, String... parts) {
        await().atMost(within).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertAlive();
            assertThat(agent.logLines(parts)).isNotEmpty();
        });
    }

    private void assertAlive() {
        assertThat(agent.isAlive())
                .as("agent alive; stderr:\n%s", agent.stderr())
                .isTrue();
    }

    @Override
    public void close() throws Exception {
        try {
            if (agent != null) {
                agent.close();
                // Kept as evidence: target/agent-logs/<interface>.log
                Path logs = Files.createDirectories(Path.of("target", "agent-logs"));
                Files.writeString(logs.resolve(wireGuard.ifname() + ".log"), agent.stdout() + agent.stderr());
            }
        } finally {
            try {
                controlPlane.close();
            } finally {
                wireGuard.close();
            }
        }
    }
}
