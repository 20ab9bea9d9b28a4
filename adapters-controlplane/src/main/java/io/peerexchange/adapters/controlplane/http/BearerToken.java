package io.peerexchange.adapters.controlplane.http;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The control plane's bearer token. It can be replaced while the agent runs (a rotated token
 * file); each request reads the current value. {@link #toString()} never shows it, and a rejected
 * token is never echoed in the error.
 */
public final class BearerToken {
    /** Longer tokens are refused: no real one comes close, and each request carries it. */
    public static final int MAX_LENGTH = 8192;

    private final AtomicReference<String> value;

    public BearerToken(String token) {
        this.value = new AtomicReference<>(check(token));
    }

    public static BearerToken of(String token) {
        return new BearerToken(token);
    }

    /** Replaces the token; requests started afterwards use the new one. */
    public void set(String token) {
        value.set(check(token));
    }

    public String value() {
        return value.get();
    }

    /** The {@code Authorization} header value. */
    String headerValue() {
        return "Bearer " + value.get();
    }

    @Override
    public String toString() {
        return "BearerToken[redacted]";
    }

    private static String check(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("bearer token is empty");
        }
        if (token.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("bearer token is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '\r' || c == '\n') {
                // The usual cause is a token file with a trailing newline; a CR/LF in a header is an injection.
                throw new IllegalArgumentException("bearer token contains a line break (CR or LF)");
            }
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("bearer token must consist of visible ASCII characters only");
            }
        }
        return token;
    }
}
