package io.peerexchange.domain;

import io.peerexchange.ports.PeerStats;
import io.peerexchange.ports.PeerStatsReader;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-discovers when a path stalls (docs/ARCHITECTURE.md#network-changes): WireGuard keeps sending to
 * a peer (its tx count grows) and hears nothing back (rx stays) for {@link #STALLED_SAMPLES} samples
 * in a row. Our own NAT may have remapped or lost the WireGuard port's mapping without any change on
 * this host, which rtnetlink cannot show and a peer without connectivity checks cannot tell us; a
 * fresh discovery reports the new endpoint. A working path is never silent that long: a peer answers
 * each handshake, and WireGuard returns a keepalive within 10 s of receiving data. Rediscoveries are
 * at least {@link #MIN_INTERVAL} apart, however many peers stall.
 */
public final class StallWatch {
    private static final ComponentLogger LOG = ComponentLogger.of(StallWatch.class, Component.NAT);
    /** How often the counters are read. */
    public static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(5);
    /** A stall is this many samples in a row with tx grown and rx unchanged: 15 s. */
    public static final int STALLED_SAMPLES = 3;
    /** Stalls rediscover at most this often. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(30);

    private final PeerStatsReader wireGuard;
    private final Runnable rediscover;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Map<WireGuardKey, Counters> last = new HashMap<>();
    private Instant lastRediscovery = Instant.MIN;
    private boolean readFailed;

    private record Counters(long tx, long rx, int stalledSamples) {}

    public StallWatch(PeerStatsReader wireGuard, Runnable rediscover, Sleeper sleeper, Clock clock) {
        this.wireGuard = wireGuard;
        this.rediscover = rediscover;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** Samples every {@link #SAMPLE_INTERVAL} until the thread is interrupted. */
    public void run() throws InterruptedException {
        while (true) {
            sleeper.sleep(SAMPLE_INTERVAL);
            sample();
        }
    }

    /**
     * One sample: reads WireGuard's counters and rediscovers when a peer has just stalled.
     *
     * @return whether it asked for a rediscovery
     */
    public boolean sample() {
        List<PeerStats> stats;
        try {
            stats = wireGuard.readPeerStats();
        } catch (PeerUpdateException e) {
            if (!readFailed) {
                LOG.atWarn().addKeyValue("error", e.getMessage()).log("stall watch cannot read WireGuard's counters");
            }
            readFailed = true;
            return false;
        }
        readFailed = false;
        PeerStats stalled = null;
        Set<WireGuardKey> seen = new HashSet<>();
        for (PeerStats peer : stats) {
            seen.add(peer.publicKey());
            Counters before = last.get(peer.publicKey());
            int samples = 0;
            if (before != null && peer.txBytes() > before.tx() && peer.rxBytes() == before.rx()) {
                samples = before.stalledSamples() + 1;
                if (samples % STALLED_SAMPLES == 0 && stalled == null) {
                    stalled = peer;
                }
            }
            last.put(peer.publicKey(), new Counters(peer.txBytes(), peer.rxBytes(), samples));
        }
        last.keySet().retainAll(seen);
        if (stalled == null) {
            return false;
        }
        Instant now = clock.instant();
        if (lastRediscovery != Instant.MIN && now.isBefore(lastRediscovery.plus(MIN_INTERVAL))) {
            return false;
        }
        lastRediscovery = now;
        LOG.atInfo()
                .addKeyValue("public_key", stalled.publicKey())
                .addKeyValue("endpoint", stalled.endpoint().orElse(""))
                .addKeyValue(
                        "silent_s",
                        SAMPLE_INTERVAL.multipliedBy(STALLED_SAMPLES).toSeconds())
                .log("path stalled: WireGuard sends and hears nothing back; discovering the endpoint now");
        rediscover.run();
        return true;
    }
}
