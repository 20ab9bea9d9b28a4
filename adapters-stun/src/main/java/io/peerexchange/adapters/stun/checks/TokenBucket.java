package io.peerexchange.adapters.stun.checks;

/** A token bucket over a nanosecond clock the caller reads: {@code rate} tokens a second, at most {@code burst}. */
final class TokenBucket {
    private final double rate;
    private final double burst;
    private double tokens;
    private long lastNanos;

    TokenBucket(double rate, double burst, long nowNanos) {
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    synchronized boolean tryTake(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * rate / 1e9);
        lastNanos = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
