package io.peerexchange.adapters.controlplane.gojson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Against vectors written by Go itself ({@code devtools/go/signed-event-vectors}: {@code
 * encoding/json} and {@code crypto/ed25519}): the bytes rebuilt from each received envelope are the
 * bytes Go signed, and the signature verifies over them.
 */
class GoJsonTest {
    record Vector(String name, String wire, String canonical, byte[] signature) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final PublicKey KEY;
    static final List<Vector> VECTORS = new ArrayList<>();

    static {
        try (InputStream in = GoJsonTest.class.getResourceAsStream("/go-signed-events.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            byte[] raw = Base64.getDecoder().decode(root.get("public_key").asText());
            byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100");
            byte[] encoded = new byte[spki.length + raw.length];
            System.arraycopy(spki, 0, encoded, 0, spki.length);
            System.arraycopy(raw, 0, encoded, spki.length, raw.length);
            KEY = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
            for (JsonNode v : root.get("vectors")) {
                VECTORS.add(new Vector(
                        v.get("name").asText(),
                        v.get("wire").asText(),
                        v.get("canonical").asText(),
                        Base64.getDecoder().decode(v.get("signature").asText())));
            }
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static Stream<Vector> vectors() {
        return VECTORS.stream();
    }

    /** The envelope's fields, with {@code payload} as the exact received text. */
    static Map<String, String> fields(String wire) throws Exception {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(wire)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT) {
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    p.skipChildren();
                    int end = (int) p.currentLocation().getCharOffset();
                    fields.put(name, wire.substring(start, end));
                } else {
                    fields.put(name, p.getText());
                }
            }
        }
        return fields;
    }

    static byte[] rebuilt(String wire) throws Exception {
        Map<String, String> f = fields(wire);
        return GoJson.signedEventBytes(
                f.get("event_type"), f.get("event_id"), f.get("issued_at"), f.get("nonce"), f.get("payload"));
    }

    static boolean verifies(byte[] message, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KEY);
        verifier.update(message);
        return verifier.verify(signature);
    }

    @Test
    void theVectorsCoverWhatTheyMust() {
        assertThat(VECTORS)
                .extracting(Vector::name)
                .contains(
                        "ampersand-and-angle-brackets",
                        "float-spellings",
                        "unicode-escape",
                        "raw-utf8-and-line-separators",
                        "spaces-and-newlines",
                        "issued-at-millis-zero",
                        "issued-at-utc-offset");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void signedEventBytes_areTheBytesGoSigned(Vector vector) throws Exception {
        byte[] ours = rebuilt(vector.wire());

        assertThat(new String(ours, StandardCharsets.UTF_8)).isEqualTo(vector.canonical());
        assertThat(verifies(ours, vector.signature())).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void givenTamperedPayload_theSignatureFails(Vector vector) throws Exception {
        String tampered = vector.wire().replace("198.51.100.", "198.51.101.");
        assertThat(tampered).isNotEqualTo(vector.wire());

        assertThat(verifies(rebuilt(tampered), vector.signature())).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void givenTamperedIssuedAt_theSignatureFails(Vector vector) throws Exception {
        String tampered = vector.wire().replace("2026-11-30T1", "2026-11-29T1");
        assertThat(tampered).isNotEqualTo(vector.wire());

        assertThat(verifies(rebuilt(tampered), vector.signature())).isFalse();
    }

    @Test
    void aReSerialisationWouldNotVerify() throws Exception {
        Vector floats = VECTORS.stream()
                .filter(v -> v.name().equals("float-spellings"))
                .findFirst()
                .orElseThrow();
        Map<String, String> f = fields(floats.wire());
        String jacksonPayload = new ObjectMapper().writeValueAsString(new ObjectMapper().readTree(f.get("payload")));

        byte[] reserialised = GoJson.signedEventBytes(
                f.get("event_type"), f.get("event_id"), f.get("issued_at"), f.get("nonce"), jacksonPayload);

        assertThat(verifies(reserialised, floats.signature())).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2026-11-30T12:00:00Z|\"2026-11-30T12:00:00Z\"",
                "2026-11-30T12:00:00.000Z|\"2026-11-30T12:00:00Z\"",
                "2026-11-30T12:00:00+00:00|\"2026-11-30T12:00:00Z\"",
                "2026-11-30T12:00:00-00:00|\"2026-11-30T12:00:00Z\"",
                "2026-11-30T12:00:00.120000000Z|\"2026-11-30T12:00:00.12Z\"",
                "2026-11-30T12:00:00.000000001Z|\"2026-11-30T12:00:00.000000001Z\"",
                "2026-11-30T14:00:10.5+02:00|\"2026-11-30T14:00:10.5+02:00\"",
                "2026-11-30T05:30:00-05:30|\"2026-11-30T05:30:00-05:30\"",
            })
    void appendTime_writesGoTimeJson(String text, String expected) {
        assertThat(GoJson.appendTime(new StringBuilder(), text)).hasToString(expected);
    }

    @Test
    void appendTime_refusesWhatIsNotAnRfc3339Time() {
        assertThatThrownBy(() -> GoJson.appendTime(new StringBuilder(), "yesterday"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoJson.appendTime(new StringBuilder(), "2026-11-30T12:00:00"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void appendString_escapesAsGoDoes() {
        assertThat(GoJson.appendString(
                        new StringBuilder(), "a<b>&\"\\\n\r\t\b\f\u0001\u2028\u2029é☕\ud83d\ude00\ud800"))
                .hasToString(
                        "\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u2028\\u2029é☕\ud83d\ude00\\ufffd\"");
    }

    @Test
    void appendCompact_keepsSpellingsAndEscapes_andDropsOnlyOutsideWhitespace() {
        assertThat(GoJson.appendCompact(new StringBuilder(), "{ \"a b\" : [ 1.0 , 2.50e0 ,\n\"x\\u0026\\\" <\" ] }"))
                .hasToString("{\"a b\":[1.0,2.50e0,\"x\\u0026\\\" \\u003c\"]}");
        assertThatThrownBy(() -> GoJson.appendCompact(new StringBuilder(), "\"open"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
