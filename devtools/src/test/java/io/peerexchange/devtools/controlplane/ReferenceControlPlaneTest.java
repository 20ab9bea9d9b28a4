package io.peerexchange.devtools.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReferenceControlPlaneTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_B = Base64.getEncoder().encodeToString(filled(2));
    private static final String KEY_C = Base64.getEncoder().encodeToString(filled(3));

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Thread> readers = new ArrayList<>();
    private ReferenceControlPlane controlPlane;
    private String base;

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private void start(Optional<EventSigner> signer, Duration keepAlive) throws IOException {
        List<NodeDefinition> nodes = List.of(
                new NodeDefinition("a", "token-a", KEY_A, "10.99.0.1", List.of("10.99.0.1/32")),
                new NodeDefinition("b", "token-b", KEY_B, "10.99.0.2", List.of("10.99.0.2/32")),
                new NodeDefinition("c", "token-c", KEY_C, "10.99.0.3", List.of("10.99.0.3/32")));
        controlPlane = new ReferenceControlPlane(new InetSocketAddress("127.0.0.1", 0), nodes, signer, keepAlive, 4);
        controlPlane.start();
        base = "http://127.0.0.1:" + controlPlane.address().getPort();
    }

    private void start() throws IOException {
        start(Optional.empty(), Duration.ofSeconds(15));
    }

    @AfterEach
    void stop() {
        readers.forEach(Thread::interrupt);
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> report(String node, String endpoint, String natType) throws Exception {
        return call(
                "PUT",
                "/v1/nodes/" + node + "/endpoint",
                "token-" + node,
                "{\"public_endpoint\":\"" + endpoint + "\",\"nat_type\":\"" + natType + "\"}");
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return MAPPER.readTree(response.body());
    }

    /** Lines of an event stream, read on a background thread. */
    private BlockingQueue<String> stream(String node, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/nodes/" + node + "/events"))
                .header("Authorization", "Bearer token-" + node)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<java.util.stream.Stream<String>> response =
                client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        response.body().forEach(lines::add);
                    } catch (RuntimeException e) {
                        lines.add("<closed>");
                    }
                },
                "sse-reader");
        reader.setDaemon(true);
        reader.start();
        readers.add(reader);
        return lines;
    }

    private static String nextLineStartingWith(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' within 5 s");
    }

    private static JsonNode nextEvent(BlockingQueue<String> lines) throws Exception {
        return MAPPER.readTree(nextLineStartingWith(lines, "data: ").substring("data: ".length()));
    }

    @Test
    void givenNoReports_putEndpoint_answersOtherNodesWithEmptyEndpoints() throws Exception {
        start();

        HttpResponse<String> response = report("a", "203.0.113.10:40000", "full_cone");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("peer_endpoints").toString())
                .isEqualTo("[{\"peer_id\":\"b\",\"endpoint\":\"\"},{\"peer_id\":\"c\",\"endpoint\":\"\"}]");
    }

    @Test
    void givenPeerReported_putEndpoint_answersPeerEndpoint() throws Exception {
        start();
        report("b", "203.0.113.20:41000", "full_cone");

        HttpResponse<String> response = report("a", "203.0.113.10:40000", "full_cone");

        assertThat(json(response).path("peer_endpoints").get(0).path("endpoint").asText())
                .isEqualTo("203.0.113.20:41000");
    }

    @Test
    void givenReports_state_listsOtherPeersWithKeysAndEndpoints() throws Exception {
        start();
        report("b", "[2001:db8::2]:41000", "symmetric");

        HttpResponse<String> response = call("GET", "/v1/nodes/a/state", "token-a", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("node_id").asText()).isEqualTo("a");
        assertThat(body.path("peers").get(0).toString())
                .isEqualTo(
                        "{\"id\":\"b\",\"public_key\":\"" + KEY_B
                                + "\",\"mesh_ip\":\"10.99.0.2\",\"endpoint\":\"[2001:db8::2]:41000\",\"allowed_ips\":[\"10.99.0.2/32\"]}");
        assertThat(body.path("peers")).hasSize(2);
    }

    @Test
    void givenMissingOrUnknownToken_request_answers401() throws Exception {
        start();

        assertThat(call("GET", "/v1/nodes/a/state", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = call("GET", "/v1/nodes/a/state", "nope", null);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(unknown.body()).doesNotContain("nope");
    }

    @Test
    void givenAnotherNodesToken_request_answers403AndChangesNothing() throws Exception {
        start();

        HttpResponse<String> response = call(
                "PUT",
                "/v1/nodes/a/endpoint",
                "token-b",
                "{\"public_endpoint\":\"203.0.113.10:40000\",\"nat_type\":\"full_cone\"}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(call("GET", "/v1/admin/nodes?format=text", null, null).body())
                .startsWith("a - - 0 0 0\n");
    }

    @Test
    void givenUnknownNodeOrPath_request_answers404() throws Exception {
        start();

        assertThat(call("GET", "/v1/nodes/zz/state", "token-a", null).statusCode())
                .isEqualTo(404);
        assertThat(call("GET", "/v1/nodes/a/nothing", "token-a", null).statusCode())
                .isEqualTo(404);
        assertThat(call("GET", "/elsewhere", "token-a", null).statusCode()).isEqualTo(404);
    }

    @Test
    void givenWrongMethod_request_answers405() throws Exception {
        start();

        assertThat(call("GET", "/v1/nodes/a/endpoint", "token-a", null).statusCode())
                .isEqualTo(405);
    }

    @Test
    void givenBadReports_putEndpoint_answers400AndChangesNothing() throws Exception {
        start();
        List<String> bodies = List.of(
                "not json",
                "[]",
                "{}",
                "{\"public_endpoint\":\"host.example:1\",\"nat_type\":\"none\"}",
                "{\"public_endpoint\":\"1.2.3.4\",\"nat_type\":\"none\"}",
                "{\"public_endpoint\":\"1.2.3.4:70000\",\"nat_type\":\"none\"}",
                "{\"public_endpoint\":\"1.2.3.4:5\",\"nat_type\":\"cone\"}",
                "{\"public_endpoint\":5,\"nat_type\":\"none\"}");

        for (String body : bodies) {
            HttpResponse<String> response = call("PUT", "/v1/nodes/a/endpoint", "token-a", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(json(response).path("error").asText()).as(body).isNotEmpty();
        }
        assertThat(call("GET", "/v1/admin/nodes?format=text", null, null).body())
                .startsWith("a - - 0 0 0\n");
    }

    @Test
    void givenOversizedBody_putEndpoint_answers413() throws Exception {
        start();

        HttpResponse<String> response =
                call("PUT", "/v1/nodes/a/endpoint", "token-a", "x".repeat(ApiHandler.MAX_BODY + 1));

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void givenGzipBody_putEndpoint_isAccepted() throws Exception {
        start();
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write("{\"public_endpoint\":\"203.0.113.10:40000\",\"nat_type\":\"full_cone\"}"
                    .getBytes(StandardCharsets.UTF_8));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/nodes/a/endpoint"))
                .header("Authorization", "Bearer token-a")
                .header("Content-Encoding", "gzip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray()))
                .build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v1/admin/nodes?format=text", null, null).body())
                .startsWith("a 203.0.113.10:40000 full_cone 1 0 0\n");
    }

    @Test
    void givenHeartbeat_post_answersNoActionAndRecordsNat() throws Exception {
        start();

        HttpResponse<String> response = call(
                "POST",
                "/v1/nodes/a/heartbeat",
                "token-a",
                "{\"node_id\":\"a\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"status\":\"ok\",\"uptime\":5,"
                        + "\"nat\":{\"public_endpoint\":\"203.0.113.10:40000\",\"type\":\"full_cone\"}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).toString()).isEqualTo("{\"reconcile\":false,\"rotate_keys\":false}");
        JsonNode admin =
                json(call("GET", "/v1/admin/nodes", null, null)).path("nodes").get(0);
        assertThat(admin.path("heartbeats").asLong()).isEqualTo(1);
        assertThat(admin.path("heartbeat_nat").path("public_endpoint").asText()).isEqualTo("203.0.113.10:40000");
        assertThat(admin.path("heartbeat_nat").path("type").asText()).isEqualTo("full_cone");
    }

    @Test
    void givenHeartbeatForAnotherNodeId_post_answers400() throws Exception {
        start();

        assertThat(call("POST", "/v1/nodes/a/heartbeat", "token-a", "{\"node_id\":\"b\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void givenOpenStreams_endpointChanges_otherNodesGetPeerEndpointChanged() throws Exception {
        start();
        BlockingQueue<String> a = stream("a", null);
        BlockingQueue<String> c = stream("c", null);
        BlockingQueue<String> b = stream("b", null);

        report("b", "203.0.113.20:41000", "full_cone");

        for (BlockingQueue<String> lines : List.of(a, c)) {
            JsonNode event = nextEvent(lines);
            assertThat(event.path("event_type").asText()).isEqualTo("peer_endpoint_changed");
            assertThat(event.path("event_id").asText()).isNotEmpty();
            assertThat(event.path("nonce").asText()).hasSize(32);
            assertThat(Instant.parse(event.path("issued_at").asText()))
                    .isBefore(Instant.now().plusSeconds(1));
            assertThat(event.path("payload").path("id").asText()).isEqualTo("b");
            assertThat(event.path("payload").path("public_key").asText()).isEqualTo(KEY_B);
            assertThat(event.path("payload").path("endpoint").asText()).isEqualTo("203.0.113.20:41000");
            assertThat(event.has("signature")).isFalse();
        }
        report("a", "203.0.113.10:40000", "full_cone");
        assertThat(nextEvent(b).path("payload").path("id").asText()).isEqualTo("a");
        assertThat(json(call("GET", "/v1/admin/nodes", null, null))
                        .path("nodes")
                        .get(0)
                        .path("event_streams")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void givenSameEndpointAgain_putEndpoint_publishesNoEvent() throws Exception {
        start();
        BlockingQueue<String> a = stream("a", null);
        report("b", "203.0.113.20:41000", "full_cone");
        nextEvent(a);

        report("b", "203.0.113.20:41000", "full_cone");
        report("b", "203.0.113.20:42000", "full_cone");

        assertThat(nextEvent(a).path("payload").path("endpoint").asText()).isEqualTo("203.0.113.20:42000");
    }

    @Test
    void givenLastEventId_reconnect_replaysOnlyMissedEvents() throws Exception {
        start();
        report("b", "203.0.113.20:41000", "full_cone");
        report("b", "203.0.113.20:42000", "full_cone");
        report("b", "203.0.113.20:43000", "full_cone");
        BlockingQueue<String> first = stream("a", "0");
        String firstId = nextLineStartingWith(first, "id: ").substring(4);

        BlockingQueue<String> resumed = stream("a", firstId);

        assertThat(nextEvent(resumed).path("payload").path("endpoint").asText()).isEqualTo("203.0.113.20:42000");
        assertThat(nextEvent(resumed).path("payload").path("endpoint").asText()).isEqualTo("203.0.113.20:43000");
    }

    @Test
    void givenMoreEventsThanBuffer_reconnect_replaysOnlyTheNewest() throws Exception {
        start();
        for (int port = 41001; port <= 41006; port++) {
            report("b", "203.0.113.20:" + port, "full_cone");
        }

        BlockingQueue<String> resumed = stream("a", "0");

        assertThat(nextEvent(resumed).path("payload").path("endpoint").asText()).isEqualTo("203.0.113.20:41003");
    }

    @Test
    void givenFreshStream_noLastEventId_replaysNothingButKeepsAlive() throws Exception {
        start(Optional.empty(), Duration.ofMillis(100));
        report("b", "203.0.113.20:41000", "full_cone");

        BlockingQueue<String> lines = stream("a", null);

        // Everything the stream sent up to and including its second keep-alive: a replay would come first.
        List<String> seen = new java.util.ArrayList<>();
        int keepAlives = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (keepAlives < 2 && System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                keepAlives += line.equals(": keep-alive") ? 1 : 0;
            }
        }
        assertThat(keepAlives).as("keep-alives within 5 s: %s", seen).isEqualTo(2);
        assertThat(seen).noneMatch(line -> line.startsWith("data: ") || line.startsWith("id: "));
    }

    @Test
    void givenSigner_events_carryEd25519SignatureOverTheFiveFieldsInOrder() throws Exception {
        EventSigner signer = EventSigner.generate();
        start(Optional.of(signer), Duration.ofSeconds(15));
        BlockingQueue<String> a = stream("a", null);

        report("b", "203.0.113.20:41000", "full_cone");

        JsonNode event = nextEvent(a);
        ObjectNode signed = MAPPER.createObjectNode();
        for (String field : List.of("event_type", "event_id", "issued_at", "nonce", "payload")) {
            signed.set(field, event.get(field));
        }
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] raw = Base64.getDecoder().decode(signer.publicKeyBase64());
        byte[] der = java.nio.ByteBuffer.allocate(spki.length + raw.length)
                .put(spki)
                .put(raw)
                .array();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
        verifier.update(MAPPER.writeValueAsBytes(signed));
        assertThat(verifier.verify(
                        Base64.getDecoder().decode(event.path("signature").asText())))
                .isTrue();
    }

    @Test
    void givenReports_adminText_listsEachNodeOnOneLine() throws Exception {
        start();
        report("a", "203.0.113.10:40000", "full_cone");
        report("b", "203.0.113.20:41000", "symmetric");

        String text = call("GET", "/v1/admin/nodes?format=text", null, null).body();

        assertThat(text)
                .isEqualTo("a 203.0.113.10:40000 full_cone 1 0 0\nb 203.0.113.20:41000 symmetric 1 0 0\nc - - 0 0 0\n");
    }
}
