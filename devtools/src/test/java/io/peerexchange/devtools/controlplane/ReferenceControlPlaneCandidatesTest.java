package io.peerexchange.devtools.controlplane;

import static io.peerexchange.devtools.controlplane.LabClient.next;
import static io.peerexchange.devtools.controlplane.LabClient.verifies;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code candidates} and {@code ice} of a report: stored as sent, handed on in every Peer of that node, changes published. */
class ReferenceControlPlaneCandidatesTest {
    private static final String CANDIDATES = "[{\"endpoint\":\"192.168.2.2:51820\",\"kind\":\"host\"},"
            + "{\"endpoint\":\"[2001:db8:2::2]:51820\",\"kind\":\"host\"},"
            + "{\"endpoint\":\"203.0.113.20:41000\",\"kind\":\"srflx\"}]";
    private static final String ICE = "{\"ufrag\":\"Bf3k\",\"pwd\":\"0123456789abcdefghijkl\"}";
    private static final String OTHER_ICE = "{\"ufrag\":\"Zq9x\",\"pwd\":\"lkjihgfedcba9876543210\"}";

    private ReferenceControlPlane controlPlane;
    private LabClient lab;

    private static String key(int fill) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) fill);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private void start(Optional<EventSigner> signer, boolean keyless) throws Exception {
        List<NodeDefinition> nodes = List.of(
                new NodeDefinition("a", "token-a", key(1), "10.99.0.1", List.of("10.99.0.1/32")),
                new NodeDefinition("b", "token-b", key(2), "10.99.0.2", List.of("10.99.0.2/32")),
                new NodeDefinition("c", "token-c", key(3), "10.99.0.3", List.of("10.99.0.3/32")));
        controlPlane = new ReferenceControlPlane(
                new InetSocketAddress("127.0.0.1", 0),
                nodes,
                signer,
                Duration.ofSeconds(15),
                16,
                "id",
                keyless,
                Duration.ofMinutes(5));
        controlPlane.start();
        lab = new LabClient(controlPlane);
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

    private HttpResponse<String> report(String node, String endpoint, String extra) throws Exception {
        return lab.call(
                "PUT",
                "/v1/nodes/" + node + "/endpoint",
                "token-" + node,
                "{\"public_endpoint\":\"" + endpoint + "\",\"nat_type\":\"full_cone\"" + extra + "}");
    }

    private static String withPaths(String candidates, String ice) {
        return ",\"candidates\":" + candidates + ",\"ice\":" + ice;
    }

    private static JsonNode peer(JsonNode peers, String id) {
        for (JsonNode peer : peers) {
            if (peer.path("id").asText(peer.path("peer_id").asText()).equals(id)) {
                return peer;
            }
        }
        throw new AssertionError("no peer " + id + " in " + peers);
    }

    private static String noEventWithin(BlockingQueue<String> events, long millis) throws InterruptedException {
        return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Test
    void givenCandidatesAndIce_report_handsThemOnUnchangedInStateAnswersAndEvents() throws Exception {
        start(Optional.empty(), false);
        BlockingQueue<String> a = lab.events("a");

        assertThat(report("b", "203.0.113.20:41000", withPaths(CANDIDATES, ICE)).statusCode())
                .isEqualTo(200);

        JsonNode event = Json.MAPPER.readTree(next(a));
        assertThat(event.path("event_type").asText()).isEqualTo("peer_endpoint_changed");
        assertThat(event.path("payload").path("candidates").toString()).isEqualTo(CANDIDATES);
        assertThat(event.path("payload").path("ice").toString()).isEqualTo(ICE);
        assertThat(event.path("payload").path("public_key").asText()).isEqualTo(key(2));
        JsonNode inState = peer(lab.nodeState("a").path("peers"), "b");
        assertThat(inState.path("candidates").toString()).isEqualTo(CANDIDATES);
        assertThat(inState.path("ice").toString()).isEqualTo(ICE);
        assertThat(inState.path("endpoint").asText()).isEqualTo("203.0.113.20:41000");
        JsonNode answer =
                Json.MAPPER.readTree(report("a", "203.0.113.10:40000", "").body());
        JsonNode entry = peer(answer.path("peer_endpoints"), "b");
        assertThat(entry.toString())
                .isEqualTo("{\"peer_id\":\"b\",\"endpoint\":\"203.0.113.20:41000\",\"candidates\":" + CANDIDATES
                        + ",\"ice\":" + ICE + "}");
    }

    @Test
    void givenNodeWithoutCandidates_peerObjects_carryNeitherMember() throws Exception {
        start(Optional.empty(), false);
        BlockingQueue<String> a = lab.events("a");
        report("c", "203.0.113.30:43000", withPaths(CANDIDATES, ICE));
        next(a);

        report("b", "203.0.113.20:41000", "");

        JsonNode event = Json.MAPPER.readTree(next(a));
        assertThat(event.path("payload").has("candidates")).isFalse();
        assertThat(event.path("payload").has("ice")).isFalse();
        JsonNode inState = peer(lab.nodeState("a").path("peers"), "b");
        assertThat(inState.has("candidates")).isFalse();
        assertThat(inState.has("ice")).isFalse();
        JsonNode answer =
                Json.MAPPER.readTree(report("a", "203.0.113.10:40000", "").body());
        assertThat(peer(answer.path("peer_endpoints"), "b").toString())
                .isEqualTo("{\"peer_id\":\"b\",\"endpoint\":\"203.0.113.20:41000\"}");
        assertThat(peer(answer.path("peer_endpoints"), "c").has("ice")).isTrue();
    }

    @Test
    void givenSameEndpoint_changeOfCandidatesOrIce_isPublishedAndSameAgainIsNot() throws Exception {
        start(Optional.empty(), false);
        BlockingQueue<String> a = lab.events("a");
        report("b", "203.0.113.20:41000", withPaths(CANDIDATES, ICE));
        next(a);

        report("b", "203.0.113.20:41000", withPaths(CANDIDATES, ICE));
        assertThat(noEventWithin(a, 300)).as("the same report again").isNull();
        report("b", "203.0.113.20:41000", withPaths(CANDIDATES, OTHER_ICE));
        JsonNode newIce = Json.MAPPER.readTree(next(a));
        report("b", "203.0.113.20:41000", withPaths("[]", OTHER_ICE));
        JsonNode noCandidates = Json.MAPPER.readTree(next(a));
        report("b", "203.0.113.20:41000", "");
        JsonNode withdrawn = Json.MAPPER.readTree(next(a));

        assertThat(newIce.path("payload").path("ice").toString()).isEqualTo(OTHER_ICE);
        assertThat(noCandidates.path("payload").path("candidates").toString()).isEqualTo("[]");
        assertThat(withdrawn.path("payload").has("ice")).isFalse();
        assertThat(withdrawn.path("payload").has("candidates")).isFalse();
        assertThat(peer(lab.nodeState("a").path("peers"), "b").has("ice")).isFalse();
    }

    @Test
    void givenSigner_eventWithCandidates_isSignedTheGoWay() throws Exception {
        EventSigner signer = EventSigner.generate();
        start(Optional.of(signer), false);
        BlockingQueue<String> a = lab.events("a");

        report("b", "203.0.113.20:41000", withPaths(CANDIDATES, ICE));

        String envelope = next(a);
        assertThat(verifies(envelope, signer.publicKeyBase64())).isTrue();
        assertThat(envelope).contains("\"candidates\":" + CANDIDATES);
    }

    @Test
    void givenKeylessEndpointEvents_event_stillCarriesCandidatesAndIce() throws Exception {
        start(Optional.empty(), true);
        BlockingQueue<String> a = lab.events("a");

        report("b", "203.0.113.20:41000", withPaths(CANDIDATES, ICE));

        JsonNode payload = Json.MAPPER.readTree(next(a)).path("payload");
        assertThat(payload.has("public_key")).isFalse();
        assertThat(payload.path("candidates").toString()).isEqualTo(CANDIDATES);
        assertThat(payload.path("ice").toString()).isEqualTo(ICE);
    }

    @Test
    void givenCandidatesOfTheWrongShape_report_answers400AndStoresNothing() throws Exception {
        start(Optional.empty(), false);

        HttpResponse<String> notArray = report("b", "203.0.113.20:41000", ",\"candidates\":{}");
        HttpResponse<String> notObject = report("b", "203.0.113.20:41000", ",\"ice\":\"x\"");

        assertThat(notArray.statusCode()).isEqualTo(400);
        assertThat(notArray.body()).contains("candidates must be an array");
        assertThat(notObject.statusCode()).isEqualTo(400);
        assertThat(notObject.body()).contains("ice must be an object");
        assertThat(peer(lab.nodeState("a").path("peers"), "b").path("endpoint").asText())
                .isEmpty();
    }

    @Test
    void givenCandidates_adminView_showsThem() throws Exception {
        start(Optional.empty(), false);
        report("b", "203.0.113.20:41000", withPaths(CANDIDATES, ICE));

        JsonNode nodes = lab.admin("GET", "/v1/admin/nodes", null).path("nodes");

        assertThat(nodes.get(1).path("candidates").toString()).isEqualTo(CANDIDATES);
        assertThat(nodes.get(0).has("candidates")).isFalse();
    }
}
