package io.peerexchange.adapters.controlplane.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads {@code Retry-After}: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
final class RetryAfter {
    /** Longer waits are taken as this: a bogus header must not park the agent for days. */
    static final Duration MAX = Duration.ofHours(1);
    /** An HTTP date is 29 characters; anything much longer is not a Retry-After value. */
    static final int MAX_LENGTH = 64;
    /** Longer digit strings are taken as {@link #MAX} without parsing, so none can overflow a long. */
    static final int MAX_DIGITS = 10;

    private RetryAfter() {}

    static Optional<Duration> parse(String value, Clock clock) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value.trim();
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (text.length() > MAX_DIGITS) {
                return Optional.of(MAX);
            }
            return Optional.of(min(Duration.ofSeconds(Long.parseLong(text))));
        }
        try {
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : min(wait));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration min(Duration d) {
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
