package io.peerexchange.devtools.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The signer against events signed by real Go ({@code devtools/go/signed-event-vectors}: Go's
 * encoding/json and crypto/ed25519, seed bytes 1..32): same canonical bytes, same signatures.
 */
class GoSignedEventVectorsTest {
    /**
     * Vectors whose payload spelling a parsed tree cannot give back, so only the raw-bytes path
     * reproduces them: {@code 1.0}, {@code 2.50}, {@code 1e3} and {@code -0.0} become numbers, and
     * the escape {@code \}{@code u00e9} becomes the character it stands for.
     */
    private static final Set<String> SPELLING_LOST_IN_A_TREE = Set.of("float-spellings", "unicode-escape");

    private static JsonNode vectors() throws IOException {
        try (InputStream in = GoSignedEventVectorsTest.class.getResourceAsStream("/go-signed-events.json")) {
            return Json.MAPPER.readTree(in);
        }
    }

    private static EventSigner goTestKey() {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (i + 1);
        }
        return EventSigner.fromSeed(seed);
    }

    private record Wire(JsonNode tree, byte[] payload) {
        static Wire of(JsonNode vector) throws IOException {
            byte[] bytes = vector.path("wire").textValue().getBytes(StandardCharsets.UTF_8);
            RequestBody body = new RequestBody(bytes, Json.MAPPER.readTree(bytes));
            return new Wire(body.tree(), body.rawMember("payload").orElseThrow());
        }

        String text(String field) {
            return tree.path(field).textValue();
        }

        byte[] canonical(byte[] payloadJson) {
            return EventSigner.canonicalBytes(
                    text("event_type"), text("event_id"), GoTime.parse(text("issued_at")), text("nonce"), payloadJson);
        }
    }

    @Test
    void givenSeedOneToThirtyTwo_publicKey_isTheVectorsKey() throws Exception {
        assertThat(goTestKey().publicKeyBase64())
                .isEqualTo(vectors().path("public_key").textValue());
    }

    @Test
    void givenEveryVector_rawPayload_givesGosCanonicalBytesAndSignature() throws Exception {
        EventSigner signer = goTestKey();
        JsonNode vectors = vectors().path("vectors");
        assertThat(vectors).hasSize(13);
        for (JsonNode vector : vectors) {
            Wire wire = Wire.of(vector);
            String name = vector.path("name").textValue();

            byte[] canonical = wire.canonical(wire.payload());

            assertThat(new String(canonical, StandardCharsets.UTF_8))
                    .as(name)
                    .isEqualTo(vector.path("canonical").textValue());
            assertThat(signer.sign(canonical))
                    .as(name)
                    .isEqualTo(vector.path("signature").textValue());
            assertThat(signer.signEvent(
                            wire.text("event_type"),
                            wire.text("event_id"),
                            GoTime.parse(wire.text("issued_at")),
                            wire.text("nonce"),
                            wire.payload()))
                    .as(name)
                    .isEqualTo(vector.path("signature").textValue());
        }
    }

    @Test
    void givenEveryVector_treePayload_givesGosBytesExceptWhereTheSpellingIsLost() throws Exception {
        EventSigner signer = goTestKey();
        List<String> differing = new ArrayList<>();
        for (JsonNode vector : vectors().path("vectors")) {
            Wire wire = Wire.of(vector);
            String name = vector.path("name").textValue();

            byte[] canonical = wire.canonical(GoJson.write(wire.tree().path("payload")));

            if (SPELLING_LOST_IN_A_TREE.contains(name)) {
                assertThat(new String(canonical, StandardCharsets.UTF_8))
                        .as(name)
                        .isNotEqualTo(vector.path("canonical").textValue());
                differing.add(name);
            } else {
                assertThat(new String(canonical, StandardCharsets.UTF_8))
                        .as(name)
                        .isEqualTo(vector.path("canonical").textValue());
                assertThat(signer.sign(canonical))
                        .as(name)
                        .isEqualTo(vector.path("signature").textValue());
            }
        }
        assertThat(differing).containsExactlyInAnyOrderElementsOf(SPELLING_LOST_IN_A_TREE);
    }

    @Test
    void givenEveryVector_signedEnvelope_isTheCanonicalBytesWithTheSignatureAppended() throws Exception {
        EventSigner signer = goTestKey();
        for (JsonNode vector : vectors().path("vectors")) {
            Wire wire = Wire.of(vector);
            String canonical = vector.path("canonical").textValue();

            String envelope = signer.signedEnvelope(
                    wire.text("event_type"),
                    wire.text("event_id"),
                    GoTime.parse(wire.text("issued_at")),
                    wire.text("nonce"),
                    wire.payload());

            assertThat(envelope)
                    .isEqualTo(canonical.substring(0, canonical.length() - 1) + ",\"signature\":\""
                            + vector.path("signature").textValue() + "\"}");
        }
    }
}
