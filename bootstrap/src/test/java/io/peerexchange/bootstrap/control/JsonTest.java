package io.peerexchange.bootstrap.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void givenNestedValues_writeThenParse_roundTrips() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "a \"quoted\"\nline\u0001");
        value.put("n", 42L);
        value.put("d", 1.5);
        value.put("b", true);
        value.put("z", null);
        value.put("l", Arrays.asList(1L, "x", null, List.of()));
        value.put("m", Map.of("k", "v"));

        String text = Json.write(value);

        assertThat(text).doesNotContain("\n");
        assertThat(Json.parse(text)).isEqualTo(value);
    }

    @Test
    void givenMalformedText_parse_failsWithAPosition() {
        for (String bad : List.of("", "{", "{\"a\":}", "[1,]", "{\"a\":1}x", "\"\\q\"", "tru", "01", "{a:1}")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(JsonException.class);
        }
    }

    @Test
    void givenADuplicateMember_parse_fails() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate");
    }

    @Test
    void givenNestingDeeperThanTheLimit_parse_fails() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);

        assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nested deeper");
    }
}
