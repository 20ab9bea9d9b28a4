package io.peerexchange.adapters.stun;

import io.peerexchange.adapters.stun.codec.StunMessage;
import java.util.Objects;
import java.util.Optional;

/**
 * How the STUN adapter behaves.
 *
 * @param allowEphemeralFallback when the WireGuard port is busy and cannot be shared, learn the
 *                               mapping of an ephemeral port instead (flagged, and warned about)
 *                               rather than fail
 * @param software               the SOFTWARE attribute sent with each request, if any
 */
public record StunSettings(boolean allowEphemeralFallback, Optional<String> software) {

    public StunSettings {
        Objects.requireNonNull(software, "software");
        software.ifPresent(text -> {
            if (text.isEmpty() || text.codePointCount(0, text.length()) > StunMessage.MAX_SOFTWARE_CHARS) {
                throw new IllegalArgumentException(
                        "STUN SOFTWARE must be 1-" + StunMessage.MAX_SOFTWARE_CHARS + " characters");
            }
            if (text.codePoints().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("STUN SOFTWARE must not contain control characters");
            }
        });
    }

    /** No fallback: a busy port that cannot be shared is an error. SOFTWARE "peerexchange". */
    public static StunSettings defaults() {
        return new StunSettings(false, Optional.of("peerexchange"));
    }
}
