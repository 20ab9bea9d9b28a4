package io.peerexchange.adapters.stun;

import java.time.Duration;
import java.util.Objects;

/** When a binding call must be over ({@link System#nanoTime()} based), and the timeout it came from, for messages. */
record Deadline(long atNanos, Duration timeout) {
    Deadline {
        Objects.requireNonNull(timeout, "timeout");
    }

    static Deadline after(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("STUN timeout must be positive, not " + timeout);
        }
        return new Deadline(System.nanoTime() + timeout.toNanos(), timeout);
    }

    boolean hasPassed(long nowNanos) {
        return nowNanos - atNanos >= 0;
    }
}
