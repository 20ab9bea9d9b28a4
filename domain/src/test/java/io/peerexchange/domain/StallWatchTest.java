package io.peerexchange.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.ports.PeerStats;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.testing.TestKeys;
import io.peerexchange.testing.time.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StallWatchTest {
    private static final WireGuardKey PEER = TestKeys.key(1);
    private static final WireGuardKey OTHER = TestKeys.key(2);
    private static final String STALLED =
            "path stalled: WireGuard sends and hears nothing back; discovering the endpoint now";

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final AtomicInteger rediscoveries = new AtomicInteger();
    private List<PeerStats> current = List.of();
    private PeerUpdateException failure;
    private final StallWatch watch = new StallWatch(
            () -> {
                if (failure != null) {
                    throw failure;
                }
                return current;
            },
            rediscoveries::incrementAndGet,
            duration -> clock.advance(duration),
            clock);

    private static PeerStats stats(WireGuardKey key, long tx, long rx) {
        return new PeerStats(key, Optional.of("198.51.100.7:51820"), rx, tx, Optional.empty());
    }

    /** One sample after another {@link StallWatch#SAMPLE_INTERVAL}; returns whether it rediscovered. */
    private boolean sample(PeerStats... peers) {
        clock.advance(StallWatch.SAMPLE_INTERVAL);
        current = List.of(peers);
        return watch.sample();
    }

    @Test
    void givenTxGrowingAndRxStill_forThreeSamples_rediscoversOnceAndSaysWhich() {
        sample(stats(PEER, 1_000, 500));
        assertThat(sample(stats(PEER, 1_148, 500))).isFalse();
        assertThat(sample(stats(PEER, 1_296, 500))).isFalse();

        assertThat(sample(stats(PEER, 1_444, 500))).isTrue();

        assertThat(rediscoveries).hasValue(1);
        assertThat(log.lines(STALLED)).singleElement().satisfies(line -> {
            assertThat(line.key("public_key")).isEqualTo(PEER);
            assertThat(line.key("endpoint")).isEqualTo("198.51.100.7:51820");
        });
    }

    @Test
    void givenRxGrowing_orNoTrafficAtAll_neverRediscovers() {
        long tx = 1_000;
        long rx = 500;
        for (int i = 0; i < 10; i++) {
            tx += 148;
            rx += i % 3 == 2 ? 92 : 0;
            sample(stats(PEER, tx, rx), stats(OTHER, 7, 7));
        }

        assertThat(rediscoveries).hasValue(0);
    }

    @Test
    void givenAnAnswerBetweenSilences_theCountStartsAgain() {
        sample(stats(PEER, 1_000, 500));
        sample(stats(PEER, 1_148, 500));
        sample(stats(PEER, 1_296, 500));
        sample(stats(PEER, 1_444, 592));
        sample(stats(PEER, 1_592, 592));
        sample(stats(PEER, 1_740, 592));

        assertThat(rediscoveries).hasValue(0);
        assertThat(sample(stats(PEER, 1_888, 592))).isTrue();
    }

    @Test
    void aLastingStall_rediscoversAgainOnlyAfterTheMinimumInterval() {
        long tx = 1_000;
        List<Boolean> asked = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            tx += 148;
            asked.add(sample(stats(PEER, tx, 500)));
        }

        // samples 4, 7, 10 and 13 complete a stall; 7 is 15 s after 4, inside the 30 s minimum
        assertThat(asked)
                .containsExactly(
                        false, false, false, true, false, false, false, false, false, true, false, false, false);
        assertThat(rediscoveries).hasValue(2);
    }

    @Test
    void manyPeersStallingAtOnce_makeOneRediscovery() {
        sample(stats(PEER, 1_000, 500), stats(OTHER, 1_000, 500));
        sample(stats(PEER, 1_100, 500), stats(OTHER, 1_100, 500));
        sample(stats(PEER, 1_200, 500), stats(OTHER, 1_200, 500));
        sample(stats(PEER, 1_300, 500), stats(OTHER, 1_300, 500));

        assertThat(rediscoveries).hasValue(1);
        assertThat(log.lines(STALLED)).hasSize(1);
    }

    @Test
    void aPeerRemovedAndAddedAgain_startsFromAFreshBaseline() {
        sample(stats(PEER, 1_000, 500));
        sample(stats(PEER, 1_100, 500));
        sample(stats(PEER, 1_200, 500));
        sample();
        sample(stats(PEER, 1_300, 500));

        assertThat(sample(stats(PEER, 1_400, 500))).isFalse();
        assertThat(rediscoveries).hasValue(0);
    }

    @Test
    void givenWireGuardUnreadable_warnsOnceAndGoesOn() {
        failure = new PeerUpdateException("wireguard-go is not running");
        sample();
        sample();
        failure = null;
        sample(stats(PEER, 1_000, 500));

        assertThat(log.lines("stall watch cannot read WireGuard's counters")).hasSize(1);
        assertThat(rediscoveries).hasValue(0);
    }
}
