package io.peerexchange.bootstrap.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadinessTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration POLL = Duration.ofSeconds(60);

    private static Readiness readiness(
            boolean discovered, Optional<String> streamDown, boolean polling, Optional<Instant> lastPoll) {
        return new Readiness(true, discovered, streamDown, polling, lastPoll, NOW, POLL, Optional.empty());
    }

    @Test
    void givenDiscoveryDoneAndTheStreamUp_ready_isTrue() {
        assertThat(readiness(true, Optional.empty(), false, Optional.empty()).ready())
                .isTrue();
    }

    @Test
    void givenNoDiscoveryYet_ready_isFalseUnlessNatTraversalIsOff() {
        assertThat(readiness(false, Optional.empty(), false, Optional.empty()).reasons())
                .containsExactly("no discovery has succeeded yet");
        assertThat(new Readiness(false, false, Optional.empty(), false, Optional.empty(), NOW, POLL, Optional.empty())
                        .ready())
                .isTrue();
    }

    @Test
    void givenTheStreamDownButPollingAnswered_ready_isTrue() {
        assertThat(readiness(true, Optional.of("event stream down for 400 s"), true, Optional.of(NOW.minus(POLL)))
                        .ready())
                .isTrue();
    }

    @Test
    void givenTheControlPlaneUnreachablePastThePollingFallback_ready_isFalse() {
        Instant lastAnswer = NOW.minus(POLL.multipliedBy(Readiness.POLLS_MISSED_BEFORE_NOT_READY))
                .minusSeconds(1);

        Readiness readiness =
                readiness(true, Optional.of("event stream down for 600 s"), true, Optional.of(lastAnswer));

        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.reasons()).containsExactly("event stream down for 600 s; polling gets no answer");
    }

    @Test
    void givenTheStreamDownBeforeThePollingFallback_ready_isFalse() {
        assertThat(readiness(true, Optional.of("event stream down for 30 s"), false, Optional.of(NOW))
                        .ready())
                .isFalse();
    }

    @Test
    void givenWireGuardUnreadable_ready_isFalseAndSaysWhy() {
        Readiness readiness = new Readiness(
                true, true, Optional.empty(), false, Optional.empty(), NOW, POLL, Optional.of("no such device"));

        assertThat(readiness.reasons()).containsExactly("WireGuard not reachable: no such device");
    }
}
