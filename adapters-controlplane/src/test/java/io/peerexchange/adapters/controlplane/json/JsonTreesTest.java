package io.peerexchange.adapters.controlplane.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The mapper-free trees are the trees and the bytes an {@code ObjectMapper} would make. */
class JsonTreesTest {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER =
            new ObjectMapper(new JsonFactory()).enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final List<String> DOCUMENTS = List.of(
            "{}",
            "[]",
            "null",
            "true",
            "\"text\"",
            "{\"a\":1,\"b\":-2147483649,\"c\":123456789012345678901234567890,\"d\":1.50,\"e\":-0.0,\"f\":2e-300}",
            "{\"dup\":1,\"dup\":{\"x\":[1,2,{\"y\":null}]}}",
            "{\"s\":\"\\u00e9\\n\\\"\\\\ 😀 \\ud83d\\ude00\",\"t\":true,\"f\":false,\"n\":null}",
            "[[[[[]]]],{},[{}],\"\",0,1e5,1E+5,0.000001]",
            "{\"peers\":[{\"id\":\"p-1\",\"public_key\":\"k\",\"endpoint\":\"1.2.3.4:5\",\"allowed_ips\":[\"10.0.0.1/32\"]}]}");

    @Test
    void givenDocuments_read_buildsTheTreeTheMapperBuilds_andWriteWritesItsBytes() throws IOException {
        List<String> documents = new ArrayList<>(DOCUMENTS);
        Random random = new Random(20261201);
        for (int i = 0; i < 2_000; i++) {
            documents.add(MAPPER.writeValueAsString(randomValue(random, 0)));
        }
        for (String document : documents) {
            JsonNode expected = MAPPER.readTree(document);
            JsonNode actual;
            try (JsonParser parser = JSON.createParser(document)) {
                actual = JsonTrees.read(parser);
                assertThat(parser.nextToken())
                        .as("left on the value's last token: %s", document)
                        .isNull();
            }
            assertThat(actual).as(document).isEqualTo(expected);
            assertThat(written(actual)).as(document).isEqualTo(MAPPER.writeValueAsBytes(expected));
        }
    }

    @Test
    void givenAParserInsideAnObject_read_takesTheValueAtTheCurrentTokenOnly() throws IOException {
        try (JsonParser parser = JSON.createParser("{\"a\":{\"b\":[1]},\"c\":2}")) {
            parser.nextToken();
            parser.nextToken();
            parser.nextToken();

            assertThat(JsonTrees.read(parser)).isEqualTo(MAPPER.readTree("{\"b\":[1]}"));
            assertThat(parser.nextToken()).isEqualTo(JsonToken.FIELD_NAME);
            assertThat(parser.currentName()).isEqualTo("c");
        }
    }

    @Test
    void givenEmptyInput_read_answersNull_andTruncatedInputFailsAsTheParserDoes() throws IOException {
        try (JsonParser parser = JSON.createParser("")) {
            assertThat(JsonTrees.read(parser)).isNull();
        }
        try (JsonParser parser = JSON.createParser("{\"a\":[1,")) {
            assertThatThrownBy(() -> JsonTrees.read(parser)).isInstanceOf(JsonProcessingException.class);
        }
    }

    /** As the wire writes it: UTF-8 bytes. */
    private static byte[] written(JsonNode node) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            JsonTrees.write(node, generator);
        }
        return out.toByteArray();
    }

    private static JsonNode randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 6 : 8);
        return switch (kind) {
            case 0 -> MAPPER.getNodeFactory().nullNode();
            case 1 -> MAPPER.getNodeFactory().booleanNode(random.nextBoolean());
            case 2 -> MAPPER.getNodeFactory().numberNode(random.nextInt());
            case 3 -> MAPPER.getNodeFactory().numberNode(random.nextLong());
            case 4 ->
                MAPPER.getNodeFactory()
                        .numberNode(new BigDecimal(random.nextInt(100_000) + "." + random.nextInt(1000)));
            case 5 -> MAPPER.getNodeFactory().textNode(randomText(random));
            case 6 -> {
                var array = MAPPER.createArrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
            default -> {
                var object = MAPPER.createObjectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(randomText(random), randomValue(random, depth + 1));
                }
                yield object;
            }
        };
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            text.appendCodePoint(
                    switch (random.nextInt(4)) {
                        case 0 -> 'a' + random.nextInt(26);
                        case 1 -> random.nextInt(0x20);
                        case 2 -> 0xe9;
                        default -> 0x1f600;
                    });
        }
        return text.toString();
    }
}
