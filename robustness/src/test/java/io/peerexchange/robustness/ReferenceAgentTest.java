package io.peerexchange.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerexchange.testing.agent.AgentProcess;
import io.peerexchange.testing.coturn.Coturn;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's acceptance at agent level: the packaged agent against the devtools reference control
 * plane (in-process, driven through its admin API) and a real wireguard-go interface. Each scenario
 * ends with an honest change that must be applied, so that "unchanged" cannot come from an agent
 * that stopped listening.
 */
class ReferenceAgentTest {
    /** An event pushed on an open stream: SSE, verification, the batcher and one UAPI write. */
    private static final Duration EVENT = Duration.ofSeconds(5);
    /** How long "nothing happens" is watched before a trigger. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern GO_DURATION = Pattern.compile("^([0-9]+h)?([0-9]+m)?[0-9]+(\\.[0-9]+)?(s|ms|µs|ns)$");
    private static final Pattern RFC_3339 =
            Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$");
    private static final Pattern SHA_256_HEX = Pattern.compile("^[0-9a-f]{64}$");

    @TempDir
    Path dir;

    @Test
    void givenTheSigningKeyRotatesMidStream_agentAppliesNewKeyEvents_andPreviousKeyEventsOnlyUntilTheDeadline()
            throws Exception {
        try (ReferenceRig rig = ReferenceRig.create(dir, "pxe2", true)) {
            AgentProcess agent = rig.startAgent();
            rig.awaitStream();
            rig.endpointEvent("p-2", rig.peer2, "198.51.100.2:40001", "current");
            rig.awaitEndpoint(rig.peer2, "198.51.100.2:40001", EVENT);

            // Short, yet long enough for the new-key event to apply and a previous-key one to follow on a busy box.
            JsonNode rotation = rig.admin("POST", "/v1/admin/signing-key/rotate", "{\"transition\":\"5s\"}");
            Instant deadline = OffsetDateTime.parse(
                            rotation.path("transition_expires").asText())
                    .toInstant();
            assertThat(rotation.path("previous").asText())
                    .isEqualTo(rig.signer.orElseThrow().publicKeyBase64());
            rig.awaitLog(EVENT, "event signing key rotated");

            rig.endpointEvent("p-2", rig.peer2, "198.51.100.2:40002", "current");
            rig.awaitEndpoint(rig.peer2, "198.51.100.2:40002", EVENT);

            assertThat(Instant.now())
                    .as("time left in the transition to send a previous-key event (deadline %s)", deadline)
                    .isBefore(deadline.minusSeconds(1));
            rig.endpointEvent("p-2", rig.peer2, "198.51.100.2:40003", "previous");
            rig.awaitEndpoint(rig.peer2, "198.51.100.2:40003", EVENT);
            assertThat(agent.logLines("rejecting event that failed signature checks"))
                    .isEmpty();

            // Past the deadline (same clock: the control plane runs in this JVM, the agent on this host).
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()) + 500);
            rig.endpointEvent("p-2", rig.peer2, "198.51.100.2:40004", "previous");
            rig.awaitLog(EVENT, "rejecting event that failed signature checks");
            assertThat(rig.wireGuard.endpointOf(rig.peer2)).isEqualTo("198.51.100.2:40003");

            // Still listening: the next new-key event applies.
            rig.endpointEvent("p-2", rig.peer2, "198.51.100.2:40005", "current");
            rig.awaitEndpoint(rig.peer2, "198.51.100.2:40005", EVENT);
            assertThat(agent.logLines("rejecting event that failed signature checks"))
                    .hasSize(1);
        }
    }

    @Test
    void givenPeerKeyRotatedThenPeerRemoved_endpointsGoToTheNewKey_andARemovedPeersEndpointIsALoggedSkip()
            throws Exception {
        try (ReferenceRig rig = ReferenceRig.create(dir, "pxe3", true)) {
            rig.setEndpoint("p-2", "198.51.100.2:40002");
            rig.setEndpoint("p-3", "198.51.100.3:40003");
            AgentProcess agent = rig.startAgent();
            rig.awaitEndpoint(rig.peer2, "198.51.100.2:40002", Duration.ofSeconds(30));
            rig.awaitEndpoint(rig.peer3, "198.51.100.3:40003", EVENT);
            rig.awaitStream();

            // The interface owner adds p-2's new key; the old one stays until the owner removes it.
            String rotated = Keys.publicKey();
            rig.wireGuard.addPeer(rotated, "10.77.0.22/32", "192.0.2.22:1022");
            // Cleared without an event, so the rotation event names no endpoint: the agent must carry over the
            // one it knows for the old key.
            rig.setEndpoint("p-2", "");
            rig.admin("POST", "/v1/admin/peers/p-2/rotate-key", "{\"public_key\":\"" + rotated + "\"}");
            rig.awaitLog(EVENT, "peer key rotated", "peer_id=p-2");
            rig.awaitEndpoint(rotated, "198.51.100.2:40002", EVENT);

            // Keyless: the id alone names the peer, resolved through the directory to the new key.
            rig.inject("peer_endpoint_changed", "{\"id\":\"p-2\",\"endpoint\":\"198.51.100.2:41002\"}", "current");
            rig.awaitEndpoint(rotated, "198.51.100.2:41002", EVENT);
            assertThat(rig.wireGuard.endpointOf(rig.peer2)).isEqualTo("198.51.100.2:40002");

            rig.admin("DELETE", "/v1/admin/peers/p-3", null);
            rig.awaitLog(EVENT, "peer removed", "peer_id=p-3");
            String before = rig.wireGuard.peerDump();
            rig.endpointEvent("p-3", rig.peer3, "198.51.100.3:41003", "current");
            rig.awaitLog(EVENT, "endpoint for a removed peer skipped: peer_removed named it", "p-3");
            assertThat(rig.wireGuard.peerDump()).isEqualTo(before);

            // Still listening: a later change for p-2 applies.
            rig.inject("peer_endpoint_changed", "{\"id\":\"p-2\",\"endpoint\":\"198.51.100.2:42002\"}", "current");
            rig.awaitEndpoint(rotated, "198.51.100.2:42002", EVENT);
            assertThat(rig.wireGuard.endpointOf(rig.peer3)).isEqualTo("198.51.100.3:40003");
            assertThat(agent.isAlive()).isTrue();
        }
    }

    @Test
    void givenEndpointsChangedWithoutEvents_aHeartbeatReconcileAnswerAndNodeStateUpdated_eachBringThemIntoWireGuard()
            throws Exception {
        try (ReferenceRig rig = ReferenceRig.create(dir, "pxe4", false)) {
            // The reconcile interval stays at its 60 s default: only the triggers can explain a change.
            rig.startAgent("--heartbeat-interval", "1s");
            rig.awaitStream();

            rig.setEndpoint("p-2", "198.51.100.2:40002");
            Thread.sleep(QUIET.toMillis());
            assertThat(rig.wireGuard.endpointOf(rig.peer2))
                    .as("an endpoint set without an event stays unapplied until something asks for a reconcile")
                    .isEqualTo(ReferenceRig.PLACEHOLDER_2);
            rig.admin("POST", "/v1/admin/nodes/n1/heartbeat-answer", "{\"reconcile\":true}");
            Duration byHeartbeat = rig.awaitEndpoint(rig.peer2, "198.51.100.2:40002", EVENT);
            assertThat(rig.agentNode().path("armed_heartbeat_answer").isNull())
                    .as("the armed answer was given")
                    .isTrue();

            rig.setEndpoint("p-3", "198.51.100.3:40003");
            Thread.sleep(QUIET.toMillis());
            assertThat(rig.wireGuard.endpointOf(rig.peer3)).isEqualTo(ReferenceRig.PLACEHOLDER_3);
            rig.admin("POST", "/v1/admin/nodes/n1/node-state-updated", null);
            Duration byEvent = rig.awaitEndpoint(rig.peer3, "198.51.100.3:40003", EVENT);

            Measurements.record(String.format(
                    "reference control plane: reconcile by heartbeat answer applied in %d ms, by node_state_updated in %d ms",
                    byHeartbeat.toMillis(), byEvent.toMillis()));
        }
    }

    @Test
    void givenAShortReconcileInterval_endpointsChangedWithoutAnyTrigger_reachWireGuardWithinOneInterval()
            throws Exception {
        try (ReferenceRig rig = ReferenceRig.create(dir, "pxe5", false)) {
            Duration interval = Duration.ofSeconds(2);
            rig.startAgent("--reconcile-interval", "2s");
            rig.awaitStream();

            rig.setEndpoint("p-2", "198.51.100.2:40002");
            Duration first = rig.awaitEndpoint(rig.peer2, "198.51.100.2:40002", interval.plus(EVENT));
            rig.setEndpoint("p-2", "198.51.100.2:41002");
            rig.setEndpoint("p-3", "198.51.100.3:41003");
            Duration second = rig.awaitEndpoint(rig.peer2, "198.51.100.2:41002", interval.plus(EVENT));
            rig.awaitEndpoint(rig.peer3, "198.51.100.3:41003", Duration.ofSeconds(1));

            Measurements.record(String.format(
                    "reference control plane: reconcile every 2 s applied admin-set endpoints in %d ms and %d ms",
                    first.toMillis(), second.toMillis()));
        }
    }

    @Test
    void givenNatTraversalOff_heartbeatBodyHasExactlyPlexdsFieldsAndTypes_withoutNat() throws Exception {
        try (ReferenceRig rig = ReferenceRig.create(dir, "pxe6", false)) {
            rig.startAgent("--heartbeat-interval", "1s");
            JsonNode body = awaitHeartbeat(rig);

            assertPlexdHeartbeat(body, List.of());
            assertThat(body.has("nat")).as("no NAT traversal ran: %s", body).isFalse();
        }
    }

    @Test
    void givenNatTraversalOn_heartbeatBodyHasPlexdsFieldsAndTypes_andTheNatItDiscovered() throws Exception {
        try (ReferenceRig rig = ReferenceRig.create(dir, "pxe7", false);
                Coturn stun =
                        Coturn.listeningOn("127.0.0.1").ports(Rig.COTURN_PORTS).start()) {
            rig.startAgent(
                    "--nat-enabled",
                    "true",
                    "--stun-server",
                    stun.address(),
                    "--timeout",
                    "1s",
                    "--heartbeat-interval",
                    "1s");
            // The first beat may precede the first discovery: wait for one that carries it.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(
                            () -> assertThat(awaitHeartbeat(rig).has("nat")).isTrue());
            JsonNode body = awaitHeartbeat(rig);

            assertPlexdHeartbeat(body, List.of("nat"));
            JsonNode nat = body.path("nat");
            assertThat(nat.isObject()).as("nat: %s", body).isTrue();
            assertThat(nat.path("public_endpoint").isTextual())
                    .as("nat.public_endpoint: %s", nat)
                    .isTrue();
            assertThat(nat.path("public_endpoint").asText()).isEqualTo("127.0.0.1:" + rig.wireGuard.listenPort());
            assertThat(nat.path("type").isTextual()).as("nat.type: %s", nat).isTrue();
        }
    }

    /** The raw body of the last heartbeat the control plane received from the agent, parsed. */
    private static JsonNode awaitHeartbeat(ReferenceRig rig) throws Exception {
        List<String> raw = new ArrayList<>(1);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    assertThat(rig.agent().isAlive()).as(rig.agent().stderr()).isTrue();
                    String text = rig.agentNode().path("last_heartbeat_raw").asText();
                    assertThat(text).isNotEmpty();
                    raw.clear();
                    raw.add(text);
                });
        return MAPPER.readTree(raw.get(0));
    }

    private static void assertPlexdHeartbeat(JsonNode body, List<String> optional) throws Exception {
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        List<String> expected = new ArrayList<>(
                List.of("node_id", "timestamp", "status", "uptime", "binary_version", "binary_checksum"));
        expected.addAll(optional);
        assertThat(names).as("heartbeat fields of %s", body).containsExactlyInAnyOrderElementsOf(expected);
        for (String name : expected) {
            if (!name.equals("nat")) {
                assertThat(body.path(name).isTextual())
                        .as("%s is a JSON string in %s", name, body)
                        .isTrue();
            }
        }
        assertThat(body.path("node_id").asText()).isEqualTo(ReferenceRig.NODE);
        String timestamp = body.path("timestamp").asText();
        assertThat(timestamp).matches(RFC_3339);
        assertThat(Duration.between(
                                OffsetDateTime.parse(timestamp, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                                        .toInstant(),
                                Instant.now())
                        .abs())
                .isLessThan(Duration.ofMinutes(1));
        assertThat(body.path("status").asText()).isIn("healthy", "degraded");
        assertThat(body.path("uptime").asText()).matches(GO_DURATION);
        assertThat(body.path("binary_version").asText()).isNotBlank();
        String checksum = body.path("binary_checksum").asText();
        assertThat(checksum).matches(SHA_256_HEX).isEqualTo(sha256(runningJar()));
    }

    private static Path runningJar() {
        return Path.of(System.getProperty("peerexchange.jar", "../bootstrap/target/peerexchange.jar"));
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            digest.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
