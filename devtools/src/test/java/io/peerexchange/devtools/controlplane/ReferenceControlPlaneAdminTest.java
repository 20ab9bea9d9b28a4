package io.peerexchange.devtools.controlplane;

import static io.peerexchange.devtools.controlplane.LabClient.next;
import static io.peerexchange.devtools.controlplane.LabClient.nextEvent;
import static io.peerexchange.devtools.controlplane.LabClient.verifies;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin API and the plexd-style protocol details, over real HTTP against the running server. */
class ReferenceControlPlaneAdminTest {
    private static final String KEY_A = key(1);
    private static final String KEY_B = key(2);
    private static final String KEY_C = key(3);
    private static final String KEY_D = key(4);

    private ReferenceControlPlane controlPlane;
    private LabClient lab;

    private static String key(int fill) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) fill);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] seed(int fill) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) fill);
        return bytes;
    }

    private void start(Optional<EventSigner> signer, String peerIdField, boolean keyless) throws Exception {
        List<NodeDefinition> nodes = List.of(
                new NodeDefinition("a", "token-a", KEY_A, "10.99.0.1", List.of("10.99.0.1/32")),
                new NodeDefinition("b", "token-b", KEY_B, "10.99.0.2", List.of("10.99.0.2/32")),
                new NodeDefinition("c", "token-c", KEY_C, "10.99.0.3", List.of("10.99.0.3/32")));
        controlPlane = new ReferenceControlPlane(
                new InetSocketAddress("127.0.0.1", 0),
                nodes,
                signer,
                Duration.ofSeconds(15),
                16,
                peerIdField,
                keyless,
                Duration.ofMinutes(5));
        controlPlane.start();
        lab = new LabClient(controlPlane);
    }

    private void start() throws Exception {
        start(Optional.empty(), "id", false);
    }

    private EventSigner startSigned() throws Exception {
        EventSigner signer = EventSigner.fromSeed(seed(7));
        start(Optional.of(signer), "id", false);
        return signer;
    }

    @AfterEach
    void stop() throws Exception {
        if (lab != null) {
            lab.close();
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    private JsonNode peerInState(String node, String peer) throws Exception {
        for (JsonNode entry : lab.nodeState(node).path("peers")) {
            if (entry.path("id").asText().equals(peer)) {
                return entry;
            }
        }
        return Json.MAPPER.missingNode();
    }

    private JsonNode adminEntry(String node) throws Exception {
        for (JsonNode entry : lab.admin("GET", "/v1/admin/nodes", null).path("nodes")) {
            if (entry.path("id").asText().equals(node)) {
                return entry;
            }
        }
        throw new AssertionError("no admin entry for " + node);
    }

    // Signing the Go way.

    @Test
    void givenSigner_events_carryExactlyTheGoCanonicalBytesThenTheSignature() throws Exception {
        EventSigner signer = startSigned();
        BlockingQueue<String> a = lab.events("a");
        lab.admin(
                "POST",
                "/v1/admin/nodes/a/events",
                "{\"event_type\":\"x<&>\",\"payload\":{ \"note\" : \"a & b < c\" }}");

        String envelope = next(a);

        JsonNode tree = Json.MAPPER.readTree(envelope);
        byte[] payload = new RequestBody(envelope.getBytes(StandardCharsets.UTF_8), tree)
                .rawMember("payload")
                .orElseThrow();
        byte[] canonical = EventSigner.canonicalBytes(
                tree.path("event_type").asText(),
                tree.path("event_id").asText(),
                GoTime.parse(tree.path("issued_at").asText()),
                tree.path("nonce").asText(),
                payload);
        assertThat(envelope)
                .startsWith(new String(canonical, 0, canonical.length - 1, StandardCharsets.UTF_8) + ",\"signature\":");
        assertThat(envelope).contains("\"event_type\":\"x\\u003c\\u0026\\u003e\"");
        assertThat(envelope).contains("\"payload\":{\"note\":\"a \\u0026 b \\u003c c\"}");
        assertThat(verifies(envelope, signer.publicKeyBase64())).isTrue();
    }

    @Test
    void givenReport_issuedAt_isWrittenAsGoWritesATime() throws Exception {
        startSigned();
        BlockingQueue<String> a = lab.events("a");
        lab.report("b", "203.0.113.20:41000");

        String issuedAt = nextEvent(a).path("issued_at").asText();

        assertThat(GoTime.format(GoTime.parse(issuedAt))).isEqualTo(issuedAt);
        assertThat(issuedAt).endsWith("Z").doesNotContain("0Z");
    }

    @Test
    void givenInjectedPayload_event_keepsItsNumberSpellingsAndEscapes() throws Exception {
        EventSigner signer = startSigned();
        BlockingQueue<String> a = lab.events("a");

        lab.admin(
                "POST",
                "/v1/admin/nodes/a/events",
                "{\"payload\": {\"weight\": 1.0, \"ratio\": 2.50, \"big\": 1e3, \"name\": \"caf\\u00e9\"},"
                        + "\"event_type\":\"custom\"}");

        String envelope = next(a);
        assertThat(envelope)
                .contains("\"payload\":{\"weight\":1.0,\"ratio\":2.50,\"big\":1e3,\"name\":\"caf\\u00e9\"}");
        assertThat(verifies(envelope, signer.publicKeyBase64())).isTrue();
    }

    @Test
    void givenIssuedAtAndNoSignature_injection_sendsThemAsAsked() throws Exception {
        startSigned();
        BlockingQueue<String> a = lab.events("a");

        JsonNode answer = lab.admin(
                "POST",
                "/v1/admin/nodes/a/events",
                "{\"event_type\":\"peer_endpoint_changed\",\"sign_with\":\"none\","
                        + "\"issued_at\":\"2026-11-30T14:00:10.500+02:00\"}");

        JsonNode event = nextEvent(a);
        assertThat(event.path("event_id").asText())
                .isEqualTo(answer.path("event_id").asText());
        assertThat(event.path("issued_at").asText()).isEqualTo("2026-11-30T14:00:10.5+02:00");
        assertThat(event.path("payload").toString()).isEqualTo("{}");
        assertThat(event.has("signature")).isFalse();
    }

    @Test
    void givenBadInjections_events_answer4xx() throws Exception {
        start();

        assertThat(lab.call("POST", "/v1/admin/nodes/a/events", null, "{}").statusCode())
                .isEqualTo(400);
        assertThat(lab.call("POST", "/v1/admin/nodes/a/events", null, "{\"event_type\":\"\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(lab.call("POST", "/v1/admin/nodes/zz/events", null, "{\"event_type\":\"x\",\"sign_with\":\"none\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(lab.call("POST", "/v1/admin/nodes/a/events", null, "{\"event_type\":\"x\",\"sign_with\":\"other\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(lab.call(
                                "POST",
                                "/v1/admin/nodes/a/events",
                                null,
                                "{\"event_type\":\"x\",\"sign_with\":\"previous\"}")
                        .statusCode())
                .as("no rotation, so no previous key")
                .isEqualTo(409);
        assertThat(lab.call("POST", "/v1/admin/nodes/a/events", null, "{\"event_type\":\"x\",\"issued_at\":\"today\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(lab.call("GET", "/v1/admin/nodes/a/events", null, null).statusCode())
                .isEqualTo(405);
        assertThat(lab.call("GET", "/v1/admin/nothing", null, null).statusCode())
                .isEqualTo(404);
    }

    // Signing-key rotation.

    @Test
    void givenRotation_eventSignedByOldKeyNamesTheNewOne_andLaterEventsVerifyUnderTheNewKeyOnly() throws Exception {
        EventSigner old = startSigned();
        EventSigner fresh = EventSigner.fromSeed(seed(9));
        BlockingQueue<String> a = lab.events("a");
        BlockingQueue<String> b = lab.events("b");
        assertThat(lab.call(
                                "POST",
                                "/v1/admin/nodes/a/events",
                                null,
                                "{\"event_type\":\"x\",\"sign_with\":\"previous\"}")
                        .statusCode())
                .as("no previous key before the first rotation")
                .isEqualTo(409);
        Instant before = Instant.now();

        JsonNode answer = lab.admin(
                "POST",
                "/v1/admin/signing-key/rotate",
                "{\"transition\":\"30s\",\"seed\":\"" + Base64.getEncoder().encodeToString(seed(9)) + "\"}");

        for (BlockingQueue<String> stream : List.of(a, b)) {
            String rotation = next(stream);
            JsonNode event = Json.MAPPER.readTree(rotation);
            assertThat(event.path("event_type").asText()).isEqualTo("signing_key_rotated");
            assertThat(event.path("payload").path("current").asText()).isEqualTo(fresh.publicKeyBase64());
            assertThat(event.path("payload").path("previous").asText()).isEqualTo(old.publicKeyBase64());
            Instant expires = GoTime.parse(
                            event.path("payload").path("transition_expires").asText())
                    .toInstant();
            assertThat(expires).isBetween(before.plusSeconds(29), Instant.now().plusSeconds(31));
            assertThat(verifies(rotation, old.publicKeyBase64())).isTrue();
            assertThat(verifies(rotation, fresh.publicKeyBase64())).isFalse();
        }
        assertThat(answer.path("current").asText()).isEqualTo(fresh.publicKeyBase64());

        lab.report("b", "203.0.113.20:41000");
        lab.admin("POST", "/v1/admin/nodes/a/node-state-updated", null);
        for (int i = 0; i < 2; i++) {
            String later = next(a);
            assertThat(verifies(later, fresh.publicKeyBase64())).isTrue();
            assertThat(verifies(later, old.publicKeyBase64())).isFalse();
        }

        lab.admin(
                "POST",
                "/v1/admin/nodes/a/events",
                "{\"event_type\":\"peer_endpoint_changed\",\"sign_with\":\"previous\"}");
        String oldSigned = next(a);
        assertThat(verifies(oldSigned, old.publicKeyBase64())).isTrue();
        assertThat(verifies(oldSigned, fresh.publicKeyBase64())).isFalse();
    }

    @Test
    void givenRotation_nodeState_carriesSigningKeysWhileTheTransitionRuns() throws Exception {
        EventSigner old = startSigned();
        assertThat(lab.nodeState("a").path("signing_keys").toString())
                .isEqualTo("{\"current\":\"" + old.publicKeyBase64() + "\"}");

        JsonNode rotated = lab.admin("POST", "/v1/admin/signing-key/rotate", "{\"transition\":\"700ms\"}");

        JsonNode keys = lab.nodeState("a").path("signing_keys");
        assertThat(keys.path("current").asText())
                .isEqualTo(rotated.path("current").asText())
                .isNotEqualTo(old.publicKeyBase64());
        assertThat(keys.path("previous").asText()).isEqualTo(old.publicKeyBase64());
        assertThat(keys.path("transition_expires").asText())
                .isEqualTo(rotated.path("transition_expires").asText());
        assertThat(lab.admin("GET", "/v1/admin/nodes", null).path("signing_keys"))
                .isEqualTo(keys);
        Instant expires = GoTime.parse(keys.path("transition_expires").asText()).toInstant();
        while (!Instant.now().isAfter(expires.plusMillis(50))) {
            Thread.sleep(50);
        }
        assertThat(lab.nodeState("a").path("signing_keys").toString())
                .isEqualTo("{\"current\":\"" + rotated.path("current").asText() + "\"}");
    }

    @Test
    void givenNoRotationRequestBody_rotate_usesAFreshKeyAndTheDefaultTransition() throws Exception {
        EventSigner old = startSigned();
        Instant before = Instant.now();

        JsonNode rotated = lab.admin("POST", "/v1/admin/signing-key/rotate", null);

        assertThat(rotated.path("current").asText()).isNotEqualTo(old.publicKeyBase64());
        assertThat(Base64.getDecoder().decode(rotated.path("current").asText())).hasSize(32);
        assertThat(GoTime.parse(rotated.path("transition_expires").asText()).toInstant())
                .isAfter(before.plus(ReferenceControlPlane.DEFAULT_TRANSITION).minusSeconds(1));
    }

    @Test
    void givenBadRotations_rotate_answers4xxWithoutEchoingTheSeed() throws Exception {
        startSigned();
        for (String body : List.of(
                "{\"transition\":\"30\"}",
                "{\"transition\":\"0\"}",
                "{\"transition\":5}",
                "{\"seed\":\"c2VjcmV0\"}",
                "{\"seed\":\"!!\"}")) {
            var response = lab.call("POST", "/v1/admin/signing-key/rotate", null, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.body()).as(body).doesNotContain("c2VjcmV0");
        }
        controlPlane.close();
        start();
        assertThat(lab.call("POST", "/v1/admin/signing-key/rotate", null, null).statusCode())
                .isEqualTo(409);
        assertThat(lab.nodeState("a").has("signing_keys")).isFalse();
    }

    // Peer lifecycle.

    @Test
    void givenPeerAdded_otherNodesGetPeerAdded_andStateListsItWithItsEndpoint() throws Exception {
        start();
        BlockingQueue<String> a = lab.events("a");

        JsonNode peer = lab.admin(
                "POST",
                "/v1/admin/peers",
                "{\"id\":\"d\",\"public_key\":\"" + KEY_D + "\",\"mesh_ip\":\"10.99.0.4\","
                        + "\"allowed_ips\":[\"10.99.0.4/32\"],\"endpoint\":\"198.51.100.4:51820\"}");

        String expected = "{\"id\":\"d\",\"public_key\":\"" + KEY_D
                + "\",\"mesh_ip\":\"10.99.0.4\",\"endpoint\":\"198.51.100.4:51820\",\"allowed_ips\":[\"10.99.0.4/32\"]}";
        assertThat(peer.toString()).isEqualTo(expected);
        JsonNode event = nextEvent(a);
        assertThat(event.path("event_type").asText()).isEqualTo("peer_added");
        assertThat(event.path("payload").toString()).isEqualTo(expected);
        assertThat(peerInState("a", "d").toString()).isEqualTo(expected);
        assertThat(lab.admin("GET", "/v1/admin/nodes", null).path("nodes")).hasSize(4);
        assertThat(lab.call("POST", "/v1/admin/peers", null, "{\"id\":\"d\",\"public_key\":\"" + KEY_D + "\"}")
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void givenPeerWithToken_added_canReportAndHearEvents() throws Exception {
        start();
        lab.admin("POST", "/v1/admin/peers", "{\"id\":\"d\",\"token\":\"token-d\",\"public_key\":\"" + KEY_D + "\"}");
        BlockingQueue<String> d = lab.events("d");

        lab.report("b", "203.0.113.20:41000");

        assertThat(lab.report("d", "203.0.113.40:44000").statusCode()).isEqualTo(200);
        assertThat(nextEvent(d).path("payload").path("id").asText()).isEqualTo("b");
        assertThat(peerInState("a", "d").path("endpoint").asText()).isEqualTo("203.0.113.40:44000");
    }

    @Test
    void givenBadPeers_add_answers400() throws Exception {
        start();
        for (String body : List.of(
                "{\"public_key\":\"" + KEY_D + "\"}",
                "{\"id\":\"d\"}",
                "{\"id\":\"d\",\"public_key\":\"AAAA\"}",
                "{\"id\":\"d e\",\"public_key\":\"" + KEY_D + "\"}",
                "{\"id\":\"d\",\"public_key\":\"" + KEY_D + "\",\"endpoint\":\"host.example:1\"}")) {
            assertThat(lab.call("POST", "/v1/admin/peers", null, body).statusCode())
                    .as(body)
                    .isEqualTo(400);
        }
        assertThat(lab.call(
                                "POST",
                                "/v1/admin/peers",
                                null,
                                "{\"id\":\"d\",\"token\":\"token-a\",\"public_key\":\"" + KEY_D + "\"}")
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void givenPeerRemoved_othersGetPeerRemoved_andItsStreamAndTokenEnd() throws Exception {
        start();
        lab.report("b", "203.0.113.20:41000");
        BlockingQueue<String> a = lab.events("a");
        lab.events("b");

        JsonNode removed = lab.admin("DELETE", "/v1/admin/peers/b", null);

        JsonNode event = nextEvent(a);
        assertThat(event.path("event_type").asText()).isEqualTo("peer_removed");
        assertThat(event.path("payload")).isEqualTo(removed);
        assertThat(removed.path("id").asText()).isEqualTo("b");
        assertThat(removed.path("public_key").asText()).isEqualTo(KEY_B);
        assertThat(removed.path("endpoint").asText()).isEqualTo("203.0.113.20:41000");
        assertThat(peerInState("a", "b").isMissingNode()).isTrue();
        assertThat(lab.call("GET", "/v1/nodes/b/state", "token-b", null).statusCode())
                .isEqualTo(401);
        assertThat(lab.call("GET", "/v1/admin/nodes?format=text", null, null).body())
                .isEqualTo("a - - 0 0 1\nc - - 0 0 0\n");
    }

    @Test
    void givenUnknownPeer_removeRotateOrSetEndpoint_answers404() throws Exception {
        start();

        assertThat(lab.call("DELETE", "/v1/admin/peers/zz", null, null).statusCode())
                .isEqualTo(404);
        assertThat(lab.call("POST", "/v1/admin/peers/zz/rotate-key", null, null).statusCode())
                .isEqualTo(404);
        assertThat(lab.call("PUT", "/v1/admin/peers/zz/endpoint", null, "{\"endpoint\":\"\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(lab.call("POST", "/v1/admin/peers/a/nothing", null, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void givenPeerKeyRotated_othersGetTheNewKey_andStateShowsIt() throws Exception {
        start();
        lab.report("b", "203.0.113.20:41000");
        BlockingQueue<String> a = lab.events("a");
        BlockingQueue<String> b = lab.events("b");

        lab.admin("POST", "/v1/admin/peers/b/rotate-key", "{\"public_key\":\"" + KEY_D + "\"}");

        JsonNode event = nextEvent(a);
        assertThat(event.path("event_type").asText()).isEqualTo("peer_key_rotated");
        assertThat(event.path("payload").path("id").asText()).isEqualTo("b");
        assertThat(event.path("payload").path("public_key").asText()).isEqualTo(KEY_D);
        assertThat(event.path("payload").path("endpoint").asText()).isEqualTo("203.0.113.20:41000");
        assertThat(peerInState("a", "b").path("public_key").asText()).isEqualTo(KEY_D);
        assertThat(adminEntry("b").path("public_key").asText()).isEqualTo(KEY_D);
        assertThat(b.poll(200, TimeUnit.MILLISECONDS))
                .as("the node itself is not told")
                .isNull();

        JsonNode random = lab.admin("POST", "/v1/admin/peers/b/rotate-key", null);
        assertThat(random.path("public_key").asText()).isNotEqualTo(KEY_D);
        assertThat(Base64.getDecoder().decode(random.path("public_key").asText()))
                .hasSize(32);
        assertThat(lab.call("POST", "/v1/admin/peers/b/rotate-key", null, "{\"public_key\":\"AAAA\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void givenNodeStateUpdated_onlyThatNodeGetsTheEvent() throws Exception {
        start();
        BlockingQueue<String> a = lab.events("a");
        BlockingQueue<String> b = lab.events("b");

        lab.admin("POST", "/v1/admin/nodes/a/node-state-updated", null);

        JsonNode event = nextEvent(a);
        assertThat(event.path("event_type").asText()).isEqualTo("node_state_updated");
        assertThat(event.path("payload").toString()).isEqualTo("{\"node_id\":\"a\"}");
        assertThat(b.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void givenPeerIdFieldOption_eventPayloadsNameThePeerPeerId() throws Exception {
        start(Optional.empty(), "peer_id", false);
        BlockingQueue<String> a = lab.events("a");

        lab.report("b", "203.0.113.20:41000");

        JsonNode payload = nextEvent(a).path("payload");
        assertThat(payload.path("peer_id").asText()).isEqualTo("b");
        assertThat(payload.has("id")).isFalse();
        assertThat(payload.path("public_key").asText()).isEqualTo(KEY_B);
        assertThat(peerInState("a", "b").path("id").asText())
                .as("state keeps id")
                .isEqualTo("b");
    }

    @Test
    void givenKeylessOption_endpointEventsCarryOnlyIdAndEndpoint() throws Exception {
        start(Optional.empty(), "id", true);
        BlockingQueue<String> a = lab.events("a");

        lab.report("b", "203.0.113.20:41000");

        assertThat(nextEvent(a).path("payload").toString())
                .isEqualTo("{\"id\":\"b\",\"endpoint\":\"203.0.113.20:41000\"}");
    }

    @Test
    void givenEventFormatChangedAtRunTime_laterEventsUseIt() throws Exception {
        start();
        BlockingQueue<String> a = lab.events("a");

        JsonNode format = lab.admin(
                "PUT", "/v1/admin/event-format", "{\"peer_id_field\":\"peer_id\",\"keyless_endpoint_events\":true}");
        lab.report("b", "203.0.113.20:41000");

        assertThat(format.toString()).isEqualTo("{\"peer_id_field\":\"peer_id\",\"keyless_endpoint_events\":true}");
        assertThat(nextEvent(a).path("payload").toString())
                .isEqualTo("{\"peer_id\":\"b\",\"endpoint\":\"203.0.113.20:41000\"}");
        assertThat(lab.admin("GET", "/v1/admin/nodes", null).path("event_format"))
                .isEqualTo(format);
        assertThat(lab.call("PUT", "/v1/admin/event-format", null, "{\"peer_id_field\":\"name\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    // Endpoints without events.

    @Test
    void givenEndpointSetByAdmin_stateAndReportAnswersCarryIt_withoutAnEvent() throws Exception {
        start();
        BlockingQueue<String> a = lab.events("a");

        lab.admin("PUT", "/v1/admin/peers/b/endpoint", "{\"endpoint\":\"[2001:db8::2]:41000\"}");
        lab.admin("POST", "/v1/admin/nodes/a/node-state-updated", null);

        assertThat(nextEvent(a).path("event_type").asText())
                .as("the first event after the change is the one sent after it")
                .isEqualTo("node_state_updated");
        assertThat(peerInState("a", "b").path("endpoint").asText()).isEqualTo("[2001:db8::2]:41000");
        assertThat(Json.MAPPER
                        .readTree(lab.report("a", "203.0.113.10:40000").body())
                        .path("peer_endpoints")
                        .get(0)
                        .toString())
                .isEqualTo("{\"peer_id\":\"b\",\"endpoint\":\"[2001:db8::2]:41000\"}");
        assertThat(adminEntry("b").path("reports").asLong()).isZero();
        assertThat(lab.call("PUT", "/v1/admin/peers/b/endpoint", null, "{\"endpoint\":\"b.example:1\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    // Heartbeats.

    @Test
    void givenHeartbeat_adminListing_showsTheBodyAsReceived() throws Exception {
        start();
        String body = "{\"node_id\":\"a\", \"timestamp\":\"2026-12-01T09:00:00Z\",\"status\":\"healthy\","
                + "\"uptime\":\"3m7.5s\",\"binary_version\":\"0.1.0\",\"binary_checksum\":\"ab12\","
                + "\"nat\":{\"public_endpoint\":\"203.0.113.10:40000\",\"type\":\"full_cone\"}}";
        assertThat(adminEntry("a").path("last_heartbeat").isNull()).isTrue();

        lab.call("POST", "/v1/nodes/a/heartbeat", "token-a", body);

        JsonNode entry = adminEntry("a");
        assertThat(entry.path("last_heartbeat_raw").asText()).isEqualTo(body);
        assertThat(entry.path("last_heartbeat").path("uptime").isTextual()).isTrue();
        assertThat(entry.path("last_heartbeat").path("binary_checksum").asText())
                .isEqualTo("ab12");
        assertThat(entry.path("heartbeat_nat").path("type").asText()).isEqualTo("full_cone");
    }

    @Test
    void givenArmedAnswer_nextHeartbeatOnlyGetsIt() throws Exception {
        start();
        String beat = "{\"node_id\":\"a\",\"status\":\"healthy\",\"uptime\":\"0s\"}";

        JsonNode armed = lab.admin("POST", "/v1/admin/nodes/a/heartbeat-answer", "{\"reconcile\":true}");
        assertThat(adminEntry("a").path("armed_heartbeat_answer")).isEqualTo(armed);

        assertThat(lab.call("POST", "/v1/nodes/b/heartbeat", "token-b", "{}").body())
                .isEqualTo("{\"reconcile\":false,\"rotate_keys\":false}");
        assertThat(lab.call("POST", "/v1/nodes/a/heartbeat", "token-a", beat).body())
                .isEqualTo("{\"reconcile\":true,\"rotate_keys\":false}");
        assertThat(lab.call("POST", "/v1/nodes/a/heartbeat", "token-a", beat).body())
                .isEqualTo("{\"reconcile\":false,\"rotate_keys\":false}");
        lab.admin("POST", "/v1/admin/nodes/a/heartbeat-answer", "{\"rotate_keys\":true}");
        assertThat(lab.call("POST", "/v1/nodes/a/heartbeat", "token-a", beat).body())
                .isEqualTo("{\"reconcile\":false,\"rotate_keys\":true}");
        assertThat(adminEntry("a").path("armed_heartbeat_answer").isNull()).isTrue();
        assertThat(lab.call("POST", "/v1/admin/nodes/a/heartbeat-answer", null, "{\"reconcile\":\"yes\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(lab.call("POST", "/v1/admin/nodes/zz/heartbeat-answer", null, "{}")
                        .statusCode())
                .isEqualTo(404);
    }
}
