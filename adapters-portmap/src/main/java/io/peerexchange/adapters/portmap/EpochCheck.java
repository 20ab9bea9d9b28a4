package io.peerexchange.adapters.portmap;

/**
 * RFC 6886 §3.6 / RFC 6887 §8.5: a gateway's epoch counts seconds since it started; one that runs
 * backwards (with 1/8 slack for clock drift and 2 s for rounding) means it restarted and lost its
 * mappings.
 */
final class EpochCheck {
    private long lastEpoch = -1;
    private long lastNanos;

    /** Records {@code epoch} seen now; true when it shows the gateway restarted since the last one. */
    synchronized boolean restarted(long epoch, long nowNanos) {
        boolean restarted = false;
        if (lastEpoch >= 0) {
            long elapsed = (nowNanos - lastNanos) / 1_000_000_000L;
            long expected = lastEpoch + elapsed * 7 / 8 - 2;
            restarted = epoch < expected;
        }
        lastEpoch = epoch;
        lastNanos = nowNanos;
        return restarted;
    }
}
