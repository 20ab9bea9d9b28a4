package io.peerexchange.ports.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.ports.json.JsonStrings.Dialect;
import org.junit.jupiter.api.Test;

class JsonStringsTest {
    static final String EVERYTHING = "a\b\f\n\r\t\"\\\u0001\u001f\u007f<>&\u2028\u2029é☕\uD83D\uDE00";

    @Test
    void go_writesWhatGoWrites() {
        assertThat(JsonStrings.quote(EVERYTHING, Dialect.GO))
                .isEqualTo("\"a\\b\\f\\n\\r\\t\\\"\\\\\\u0001\\u001f\u007f\\u003c\\u003e\\u0026"
                        + "\\u2028\\u2029é☕\uD83D\uDE00\"");
        assertThat(JsonStrings.quote("x\uD800y\uDC00", Dialect.GO)).isEqualTo("\"x\\ufffdy\\ufffd\"");
    }

    @Test
    void strict_losesNothing_andLeavesHtmlCharactersAlone() {
        assertThat(JsonStrings.quoteStrict(EVERYTHING))
                .isEqualTo("\"a\\b\\f\\n\\r\\t\\\"\\\\\\u0001\\u001f\\u007f<>&" + "\\u2028\\u2029é☕\uD83D\uDE00\"");
        assertThat(JsonStrings.quoteStrict("x\uD800y\uDC00")).isEqualTo("\"x\\ud800y\\udc00\"");
    }
}
