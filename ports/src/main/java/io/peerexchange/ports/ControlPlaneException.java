package io.peerexchange.ports;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A control-plane call failed. The kind says how; adapters may subclass per status. */
public class ControlPlaneException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Failure classes, one per status the protocol names, plus transport and protocol faults. */
    public enum Kind {
        NETWORK,
        PROTOCOL,
        BAD_REQUEST,
        UNAUTHORIZED,
        FORBIDDEN,
        NOT_FOUND,
        CONFLICT,
        PAYLOAD_TOO_LARGE,
        RATE_LIMITED,
        SERVER_ERROR,
        UNEXPECTED_STATUS;

        /** Whether trying the same call again later can succeed. */
        public boolean isTransient() {
            return this == NETWORK || this == RATE_LIMITED || this == SERVER_ERROR;
        }
    }

    private final Kind kind;
    private final int status;
    private final transient Duration retryAfter;

    public ControlPlaneException(Kind kind, int status, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public ControlPlaneException(Kind kind, String message, Throwable cause) {
        this(kind, 0, message, null, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when no answer arrived. */
    public int status() {
        return status;
    }

    /** The server's {@code Retry-After}, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
