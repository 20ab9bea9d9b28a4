package io.peerexchange.adapters.controlplane.events;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential reconnect delay with jitter. Jitter only shortens a delay, so the cap holds and many
 * agents that lost the same server spread out instead of returning in step. Not thread-safe: the
 * stream thread owns it.
 */
final class Backoff {
    private final double multiplier;
    private final long maxNanos;
    private final double jitter;
    private final DoubleSupplier random;
    private long baseNanos;
    private int failures;

    Backoff(Duration base, double multiplier, Duration max, double jitter, DoubleSupplier random) {
        this.baseNanos = base.toNanos();
        this.multiplier = multiplier;
        this.maxNanos = max.toNanos();
        this.jitter = jitter;
        this.random = random;
    }

    /** The server's {@code retry:} field: the reconnection time becomes the new base. */
    void setBase(Duration base) {
        baseNanos = Math.min(base.toNanos(), maxNanos);
    }

    void reset() {
        failures = 0;
    }

    Duration next() {
        double delay = baseNanos * Math.pow(multiplier, failures);
        if (failures < 64) {
            failures++;
        }
        double capped = Math.min(delay, maxNanos);
        return Duration.ofNanos((long) (capped * (1.0 - jitter * random.getAsDouble())));
    }
}
