package io.peerexchange.adapters.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.testing.FakePeerLister;
import io.peerexchange.ports.testing.Peers;
import io.peerexchange.testing.fake.StreamingServer;
import io.peerexchange.testing.time.MutableClock;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Signed events through the real stream: the Go-made vectors verify and reach their handlers, and a
 * signing-key rotation mid-stream keeps events flowing, the previous key accepted until the deadline.
 */
class SignedStreamTest {
    private final StreamingServer server = new StreamingServer();
    private SseEventStream stream;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private int nextId;

    @AfterEach
    void tearDown() {
        if (stream != null) {
            stream.close();
        }
        server.close();
    }

    private void open(EventVerifier verifier) throws Exception {
        server.start();
        stream = new SseEventStream(
                StreamTesting.http(server.baseUrl()),
                BearerToken.of("signed-stream-token"),
                NodeId.of("node-1"),
                new FakePeerLister(),
                Optional.of(verifier),
                StreamTesting.fast());
        stream.onPeerEndpointChanged(p ->
                seen.add(p.id() + "@" + p.endpoint().map(Endpoint::toString).orElse("")));
        stream.onPeerEndpointChangedById(p ->
                seen.add(p.peerId() + "@" + p.endpoint().map(Endpoint::toString).orElse("")));
        stream.start();
        await().atMost(5, TimeUnit.SECONDS).until(() -> server.openStreams() == 1);
    }

    private void push(String envelope) {
        String id = String.valueOf(++nextId);
        server.push(SignedEvents.sse(id, envelope));
    }

    @Test
    void goMadeVectors_verifyThroughTheStream_andReachTheirHandlers() throws Exception {
        JsonNode vectors;
        try (InputStream in = getClass().getResourceAsStream("/go-signed-events.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:05Z"));
        open(EventVerifier.of(vectors.get("public_key").asText(), clock));
        List<String> expected = new ArrayList<>();
        for (JsonNode vector : vectors.get("vectors")) {
            JsonNode payload =
                    new ObjectMapper().readTree(vector.get("wire").asText()).get("payload");
            expected.add(
                    payload.get("id").asText() + "@" + payload.get("endpoint").asText());
            push(vector.get("wire").asText());
        }

        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(seen).containsExactlyElementsOf(expected));
    }

    @Test
    void givenRotationMidStream_eventsKeepApplying_andThePreviousKeyExpiresAtTheDeadline() throws Exception {
        Instant now = Instant.parse("2030-05-01T12:00:00Z");
        MutableClock clock = new MutableClock(now);
        SignedEvents oldKey = new SignedEvents();
        SignedEvents newKey = new SignedEvents();
        open(EventVerifier.of(oldKey.rawPublicKeyBase64(), clock));
        ObjectNode p1 = SignedEvents.peerJson(Peers.peer(1, "198.51.100.1:1000"));

        push(oldKey.signed("peer_endpoint_changed", "e-1", p1, now));
        ObjectNode rotation = SignedEvents.JSON
                .createObjectNode()
                .put("current", newKey.rawPublicKeyBase64())
                .put("previous", oldKey.rawPublicKeyBase64())
                .put("transition_expires", now.plusSeconds(30).toString());
        push(oldKey.signed("signing_key_rotated", "e-2", rotation, now));
        push(newKey.signed("peer_endpoint_changed", "e-3", peerAt(1, "198.51.100.1:2000"), now));
        push(oldKey.signed("peer_endpoint_changed", "e-4", peerAt(1, "198.51.100.1:3000"), now));
        await().atMost(5, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(seen)
                        .containsExactly("p-1@198.51.100.1:1000", "p-1@198.51.100.1:2000", "p-1@198.51.100.1:3000"));

        clock.advance(Duration.ofSeconds(31));
        Instant later = now.plusSeconds(31);
        push(oldKey.signed("peer_endpoint_changed", "e-5", peerAt(1, "198.51.100.1:4000"), later));
        push(newKey.signed("peer_endpoint_changed", "e-6", peerAt(1, "198.51.100.1:5000"), later));

        await().atMost(5, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(seen).last().isEqualTo("p-1@198.51.100.1:5000"));
        assertThat(seen).doesNotContain("p-1@198.51.100.1:4000").hasSize(4);
    }

    @Test
    void givenRotationSignedByAnUntrustedKey_itIsRejected_andTheKeysStay() throws Exception {
        Instant now = Instant.parse("2030-05-01T12:00:00Z");
        SignedEvents trusted = new SignedEvents();
        SignedEvents impostor = new SignedEvents();
        open(EventVerifier.of(trusted.rawPublicKeyBase64(), new MutableClock(now)));
        ObjectNode rotation = SignedEvents.JSON.createObjectNode().put("current", impostor.rawPublicKeyBase64());

        push(impostor.signed("signing_key_rotated", "e-1", rotation, now));
        push(impostor.signed("peer_endpoint_changed", "e-2", peerAt(2, "198.51.100.2:1000"), now));
        push(trusted.signed("peer_endpoint_changed", "e-3", peerAt(2, "198.51.100.2:2000"), now));

        await().atMost(5, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(seen).containsExactly("p-2@198.51.100.2:2000"));
    }

    private static ObjectNode peerAt(int n, String endpoint) {
        Peer peer = Peers.peer(n, endpoint);
        return SignedEvents.peerJson(peer);
    }
}
