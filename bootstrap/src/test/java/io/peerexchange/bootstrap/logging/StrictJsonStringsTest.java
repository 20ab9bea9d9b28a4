package io.peerexchange.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.bootstrap.testing.MiniJson;
import io.peerexchange.ports.json.JsonStrings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonStringsTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"plain|\"plain\"", "a\"b|\"a\\\"b\"", "a\\b|\"a\\\\b\""})
    void givenText_string_escapesQuotesAndBackslashes(String in, String out) {
        assertThat(JsonStrings.quoteStrict(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"\n\r\t\b\f", "\u0000\u0001\u001f\u007f", "\u2028\u2029", "😀", "\udc00 lone", "end \ud83d"})
    void givenAnyText_string_roundTripsThroughAStrictParser(String in) {
        String json = JsonStrings.quoteStrict(in);

        assertThat(MiniJson.parse(json)).isEqualTo(in);
        assertThat(json.chars().noneMatch(c -> c < 0x20)).isTrue();
    }
}
