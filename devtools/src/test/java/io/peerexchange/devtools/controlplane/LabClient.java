package io.peerexchange.devtools.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Real HTTP against a running reference control plane: calls, event streams read on daemon threads, Ed25519 checks. */
final class LabClient implements AutoCloseable {
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Thread> readers = new ArrayList<>();
    private final String base;

    LabClient(ReferenceControlPlane controlPlane) {
        this.base = "http://127.0.0.1:" + controlPlane.address().getPort();
    }

    HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An admin call that must succeed; answers its JSON. */
    JsonNode admin(String method, String path, String body) throws Exception {
        HttpResponse<String> response = call(method, path, null, body);
        assertThat(response.statusCode())
                .as("%s %s: %s", method, path, response.body())
                .isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    JsonNode nodeState(String node) throws Exception {
        HttpResponse<String> response = call("GET", "/v1/nodes/" + node + "/state", "token-" + node, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    HttpResponse<String> report(String node, String endpoint) throws Exception {
        return call(
                "PUT",
                "/v1/nodes/" + node + "/endpoint",
                "token-" + node,
                "{\"public_endpoint\":\"" + endpoint + "\",\"nat_type\":\"full_cone\"}");
    }

    /** The raw {@code data:} texts of a node's event stream, in order. */
    BlockingQueue<String> events(String node) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/nodes/" + node + "/events"))
                .header("Authorization", "Bearer token-" + node)
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        BlockingQueue<String> data = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        response.body()
                                .filter(line -> line.startsWith("data: "))
                                .forEach(line -> data.add(line.substring("data: ".length())));
                    } catch (RuntimeException e) {
                        // The stream ended: the test is over or the node was removed.
                    }
                },
                "sse-reader-" + node);
        reader.setDaemon(true);
        reader.start();
        readers.add(reader);
        // The stream is attached once its first comment arrived; the server writes it before attaching,
        // so wait until the admin listing counts it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && !streamOpen(node)) {
            Thread.sleep(10);
        }
        return data;
    }

    private boolean streamOpen(String node) throws Exception {
        for (JsonNode entry : admin("GET", "/v1/admin/nodes", null).path("nodes")) {
            if (entry.path("id").asText().equals(node)) {
                return entry.path("event_streams").asInt() > 0;
            }
        }
        return false;
    }

    static String next(BlockingQueue<String> data) throws InterruptedException {
        String event = data.poll(5, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no event within 5 s");
        }
        return event;
    }

    static JsonNode nextEvent(BlockingQueue<String> data) throws Exception {
        return Json.MAPPER.readTree(next(data));
    }

    /**
     * Whether {@code signature} verifies under {@code publicKeyBase64} over the envelope text with
     * its signature member cut off: the bytes a Go verifier rebuilds when the envelope is Go's form.
     */
    static boolean verifies(String envelope, String publicKeyBase64) throws Exception {
        JsonNode tree = Json.MAPPER.readTree(envelope);
        String signature = tree.path("signature").asText();
        String member = ",\"signature\":\"" + signature + "\"}";
        assertThat(envelope).endsWith(member);
        byte[] signed =
                (envelope.substring(0, envelope.length() - member.length()) + "}").getBytes(StandardCharsets.UTF_8);
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] raw = Base64.getDecoder().decode(publicKeyBase64);
        byte[] der = java.nio.ByteBuffer.allocate(spki.length + raw.length)
                .put(spki)
                .put(raw)
                .array();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
        verifier.update(signed);
        return verifier.verify(Base64.getDecoder().decode(signature));
    }

    @Override
    public void close() throws IOException {
        readers.forEach(Thread::interrupt);
    }
}
