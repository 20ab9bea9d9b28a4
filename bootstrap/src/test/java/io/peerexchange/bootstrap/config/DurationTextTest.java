package io.peerexchange.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({"500ms,PT0.5S", "10s,PT10S", "1m,PT1M", "1h,PT1H", "1m30s,PT1M30S", "0s,PT0S", "90s,PT1M30S"})
    void givenAUnitDuration_parse_readsIt(String text, Duration expected) {
        assertThat(DurationText.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "s", "10 s", "-1s", "1.5s", "10sec", "1d", "٣s", "1234567890s", "1s2"})
    void givenSomethingElse_parse_failsSayingWhatIsExpected(String text) {
        assertThatThrownBy(() -> DurationText.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a duration like 500ms, 10s, 1m or 1h");
    }

    @ParameterizedTest
    @CsvSource({"PT0.5S,500ms", "PT1M30S,1m30s", "PT1H,1h", "PT0S,0s"})
    void givenADuration_format_writesWhatParseReads(Duration duration, String text) {
        assertThat(DurationText.format(duration)).isEqualTo(text);
        assertThat(DurationText.parse(text)).isEqualTo(duration);
    }
}
