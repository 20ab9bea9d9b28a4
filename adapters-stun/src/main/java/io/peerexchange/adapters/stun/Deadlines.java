package io.peerexchange.adapters.stun;

import java.time.Duration;
import java.util.Objects;

/** Argument checks and deadline arithmetic shared by the clients. */
final class Deadlines {
    private Deadlines() {
    }

    static long deadline(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("STUN timeout must be positive, not " + timeout);
        }
        return System.nanoTime() + timeout.toNanos();
    }

    static void checkLocalPort(int localPort) {
        if (localPort < 0 || localPort > 65535) {
            throw new IllegalArgumentException("invalid local UDP port " + localPort + ": must be 0-65535");
        }
    }

    static void checkInterrupted() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("STUN binding interrupted");
        }
    }
}
