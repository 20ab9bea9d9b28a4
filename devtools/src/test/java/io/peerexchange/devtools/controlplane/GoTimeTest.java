package io.peerexchange.devtools.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Expected texts were printed by Go 1.19's json.Marshal of a time.Time. */
class GoTimeTest {
    @Test
    void givenUtcWithFraction_format_trimsTrailingZerosAndWritesZ() {
        assertThat(GoTime.format(Instant.parse("2026-12-01T09:00:00.120Z"))).isEqualTo("2026-12-01T09:00:00.12Z");
        assertThat(GoTime.format(Instant.parse("2026-12-01T09:00:00.000000001Z")))
                .isEqualTo("2026-12-01T09:00:00.000000001Z");
    }

    @Test
    void givenWholeSecond_format_writesNoFraction() {
        assertThat(GoTime.format(GoTime.parse("2026-11-30T12:00:07.000Z"))).isEqualTo("2026-11-30T12:00:07Z");
    }

    @Test
    void givenOffsets_format_writesZForZeroAndHoursMinutesOtherwise() {
        assertThat(GoTime.format(GoTime.parse("2026-11-30T12:00:08+00:00"))).isEqualTo("2026-11-30T12:00:08Z");
        assertThat(GoTime.format(OffsetDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZoneOffset.ofHoursMinutes(-5, -30))))
                .isEqualTo("2026-12-01T09:00:00-05:30");
        assertThat(GoTime.format(GoTime.parse("2026-11-30T14:00:10.5+02:00"))).isEqualTo("2026-11-30T14:00:10.5+02:00");
    }

    @Test
    void givenNoOffset_parse_fails() {
        assertThatThrownBy(() -> GoTime.parse("2026-11-30T12:00:00")).isInstanceOf(IllegalArgumentException.class);
    }
}
