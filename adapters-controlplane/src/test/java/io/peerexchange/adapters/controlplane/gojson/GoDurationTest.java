package io.peerexchange.adapters.controlplane.gojson;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cases of Go's own {@code time.Duration.String} tests, and the forms plexd's heartbeat shows. */
class GoDurationTest {

    @ParameterizedTest(name = "{1} ns -> {0}")
    @CsvSource({
        "0s, 0",
        "1ns, 1",
        "1.1µs, 1100",
        "2.2ms, 2200000",
        "3.3s, 3300000000",
        "4m5s, 245000000000",
        "4m5.001s, 245001000000",
        "5h6m7.001s, 18367001000000",
        "8m0.000000001s, 480000000001",
        "2562047h47m16.854775807s, 9223372036854775807",
        "-2562047h47m16.854775808s, -9223372036854775808",
        "72h15m0s, 260100000000000",
        "3m7.5s, 187500000000",
        "1h0m0s, 3600000000000",
        "-1.5s, -1500000000",
        "999ns, 999",
        "1µs, 1000",
        "1ms, 1000000",
    })
    void format_writesWhatGoWrites(String expected, long nanos) {
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(expected);
    }
}
