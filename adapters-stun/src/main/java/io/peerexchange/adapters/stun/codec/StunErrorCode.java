package io.peerexchange.adapters.stun.codec;

import java.util.Objects;

/**
 * An ERROR-CODE attribute: a code 300-699 and the server's reason phrase.
 * The reason comes from the network, so control characters are already replaced when decoded.
 */
public record StunErrorCode(int code, String reason) {
    /** RFC 8489 §14.8. */
    public static final int MAX_REASON_CHARS = 128;

    public StunErrorCode {
        Objects.requireNonNull(reason, "reason");
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("STUN error code " + code + " is outside 300-699");
        }
        if (reason.codePointCount(0, reason.length()) > MAX_REASON_CHARS) {
            throw new IllegalArgumentException("a STUN error reason has at most " + MAX_REASON_CHARS + " characters");
        }
    }

    @Override
    public String toString() {
        return reason.isEmpty() ? Integer.toString(code) : code + " " + reason;
    }
}
