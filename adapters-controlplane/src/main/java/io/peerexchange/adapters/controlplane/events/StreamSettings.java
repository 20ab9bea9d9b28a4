package io.peerexchange.adapters.controlplane.events;

import io.peerexchange.adapters.controlplane.sse.SseParser;
import java.time.Duration;
import java.util.Objects;

/**
 * Timing and limits of the event stream. {@link #defaults()} are the protocol's (docs/PROTOCOL.md#reconnect); tests shrink them.
 *
 * @param connectTimeout time to open the TCP/TLS connection
 * @param idleTimeout    no byte at all (comments included) for this long: reconnect
 * @param baseDelay      first reconnect delay (the server's {@code retry:} replaces it)
 * @param multiplier     growth of the delay per failed attempt
 * @param maxDelay       cap of the delay
 * @param jitter         fraction (0–1) by which each delay is randomly shortened
 * @param healthyAfter   a connection open this long resets the back-off
 * @param pollAfter      without a stream for this long, start polling the node state
 * @param pollInterval   poll period while the stream is down
 * @param minRetry       floor for the server's {@code retry:} value
 * @param maxLineBytes   cap of one SSE line
 * @param maxEventBytes  cap of one event's data
 */
public record StreamSettings(
        Duration connectTimeout,
        Duration idleTimeout,
        Duration baseDelay,
        double multiplier,
        Duration maxDelay,
        double jitter,
        Duration healthyAfter,
        Duration pollAfter,
        Duration pollInterval,
        Duration minRetry,
        int maxLineBytes,
        int maxEventBytes) {

    /** The smallest line cap accepted: below it, ordinary events would break the parser's limit. */
    public static final int MIN_LINE_BYTES = 1024;

    public StreamSettings {
        positive(connectTimeout, "connectTimeout");
        positive(idleTimeout, "idleTimeout");
        positive(baseDelay, "baseDelay");
        positive(maxDelay, "maxDelay");
        positive(healthyAfter, "healthyAfter");
        positive(pollAfter, "pollAfter");
        positive(pollInterval, "pollInterval");
        positive(minRetry, "minRetry");
        if (multiplier < 1.0 || Double.isNaN(multiplier)) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must not be below baseDelay");
        }
        if (maxLineBytes < MIN_LINE_BYTES || maxEventBytes < maxLineBytes) {
            throw new IllegalArgumentException(
                    "maxLineBytes must be at least " + MIN_LINE_BYTES + " and maxEventBytes at least maxLineBytes");
        }
    }

    /** docs/PROTOCOL.md#reconnect: 1 s ×2 up to 60 s with 20 % jitter, 90 s idle, polling every 60 s after 5 minutes down. */
    public static StreamSettings defaults() {
        return new StreamSettings(
                Duration.ofSeconds(10),
                Duration.ofSeconds(90),
                Duration.ofSeconds(1),
                2.0,
                Duration.ofSeconds(60),
                0.2,
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                Duration.ofSeconds(60),
                Duration.ofMillis(100),
                SseParser.DEFAULT_MAX_LINE_BYTES,
                SseParser.DEFAULT_MAX_EVENT_BYTES);
    }

    public StreamSettings withIdleTimeout(Duration value) {
        return new StreamSettings(
                connectTimeout,
                value,
                baseDelay,
                multiplier,
                maxDelay,
                jitter,
                healthyAfter,
                pollAfter,
                pollInterval,
                minRetry,
                maxLineBytes,
                maxEventBytes);
    }

    public StreamSettings withBackoff(Duration base, Duration max, Duration healthy) {
        return new StreamSettings(
                connectTimeout,
                idleTimeout,
                base,
                multiplier,
                max,
                jitter,
                healthy,
                pollAfter,
                pollInterval,
                minRetry.compareTo(base) > 0 ? base : minRetry,
                maxLineBytes,
                maxEventBytes);
    }

    public StreamSettings withPolling(Duration after, Duration interval) {
        return new StreamSettings(
                connectTimeout,
                idleTimeout,
                baseDelay,
                multiplier,
                maxDelay,
                jitter,
                healthyAfter,
                after,
                interval,
                minRetry,
                maxLineBytes,
                maxEventBytes);
    }

    /** The server's {@code retry:} or {@code Retry-After}, raised to {@link #minRetry()}. */
    Duration atLeastMinRetry(Duration value) {
        return value.compareTo(minRetry) < 0 ? minRetry : value;
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
