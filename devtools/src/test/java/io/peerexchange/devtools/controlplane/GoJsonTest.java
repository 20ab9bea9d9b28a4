package io.peerexchange.devtools.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected texts were printed by Go 1.19's encoding/json.Marshal for the same values. */
class GoJsonTest {
    private static String written(String json) throws Exception {
        return new String(GoJson.write(Json.MAPPER.readTree(json)), StandardCharsets.UTF_8);
    }

    private static String compacted(String json) {
        return new String(GoJson.compact(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void givenEveryKindOfCharacter_string_escapesAsGoDoes() {
        String value = "a\b\f\n\r\t\"\\\u0001\u001f\u007f<>&\u2028\u2029é☕\uD83D\uDE00";

        assertThat(GoJson.string(value))
                .isEqualTo("\"a\\b\\f\\n\\r\\t\\\"\\\\\\u0001\\u001f\u007f\\u003c\\u003e\\u0026"
                        + "\\u2028\\u2029é☕\uD83D\uDE00\"");
    }

    @Test
    void givenUnpairedSurrogate_string_writesTheEscapeOfTheReplacementCharacter() {
        assertThat(GoJson.string("x\uD800y")).isEqualTo("\"x\\ufffdy\"");
    }

    @Test
    void givenTree_write_isCompactInMemberOrderWithGoEscapes() throws Exception {
        assertThat(written("{ \"b\" : [1, true, null, {}], \"a\" : \"<&>\", \"n\": -12345678901234567890 }"))
                .isEqualTo("{\"b\":[1,true,null,{}],\"a\":\"\\u003c\\u0026\\u003e\",\"n\":-12345678901234567890}");
    }

    @Test
    void givenDecimals_write_usesGoFloat64Form() throws Exception {
        List<String> go = List.of(
                "1",
                "2.5",
                "1e+21",
                "100000000000000000000",
                "1e-7",
                "0.000001",
                "123456789",
                "0.1",
                "1.5e+300",
                "100");

        assertThat(written("[1.0, 2.50, 1e21, 1e20, 1e-7, 0.000001, 123456789.0, 0.1, 1.5e300, 1e2]"))
                .isEqualTo("[" + String.join(",", go) + "]");
        assertThat(written("[-0.0]")).isEqualTo("[-0]");
    }

    @Test
    void givenSpacedRawJson_compact_keepsSpellingsAndEscapesAndEscapesHtml() {
        assertThat(compacted("{ \"a\" : [ 1.0 , \"x\\u00e9 <\" ] ,\n\t\"b\\\"\" : \"\u2028&\" }"))
                .isEqualTo("{\"a\":[1.0,\"x\\u00e9 \\u003c\"],\"b\\\"\":\"\\u2028\\u0026\"}");
    }

    @Test
    void givenStringWithEscapedBackslashBeforeQuote_compact_keepsSpacesAfterIt() {
        assertThat(compacted("[\"a\\\\\" , \"b c\"]")).isEqualTo("[\"a\\\\\",\"b c\"]");
    }

    @Test
    void givenNotOneJsonValue_compact_fails() {
        for (String bad : List.of("", "{", "{} {}", "nope", "[1,]")) {
            assertThatThrownBy(() -> compacted(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
