package io.peerexchange.adapters.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Back-off and the stream's timing: the small value types of the reconnect policy. */
class StreamSettingsTest {

    @Test
    void givenFailures_backoff_doublesUpToCapWithJitterOnlyShortening() {
        Backoff noJitter = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.2, () -> 0.0);
        assertThat(java.util.stream.Stream.generate(noJitter::next)
                        .limit(8)
                        .map(Duration::toSeconds)
                        .toList())
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L);

        Backoff fullJitter = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.2, () -> 1.0);
        assertThat(fullJitter.next()).isEqualTo(Duration.ofMillis(800));

        noJitter.reset();
        assertThat(noJitter.next()).isEqualTo(Duration.ofSeconds(1));
        noJitter.setBase(Duration.ofSeconds(5));
        assertThat(noJitter.next()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void givenDefaults_streamSettings_matchTheSpec() {
        StreamSettings defaults = StreamSettings.defaults();

        assertThat(defaults.baseDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.multiplier()).isEqualTo(2.0);
        assertThat(defaults.maxDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(defaults.pollAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.pollInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.jitter()).isPositive();
    }
}
