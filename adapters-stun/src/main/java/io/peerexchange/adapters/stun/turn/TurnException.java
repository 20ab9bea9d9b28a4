package io.peerexchange.adapters.stun.turn;

import java.util.Objects;

/** A TURN server refused, failed or did not answer; {@link #reason()} says which, the message says what it sent. */
public final class TurnException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, as a log line's {@code reason} names it. */
    public enum Reason {
        /** 401 after credentials were sent: wrong username or password. */
        UNAUTHORIZED("unauthorized"),
        /** 486: the user has as many allocations as the server allows. */
        QUOTA("allocation_quota"),
        /** No answer within the transaction timeout, or the port is closed. */
        UNREACHABLE("unreachable"),
        /** Answers that are not TURN, or fail integrity. */
        GARBAGE("garbage"),
        /** Any other error response. */
        REFUSED("refused");

        private final String logName;

        Reason(String logName) {
            this.logName = logName;
        }

        public String logName() {
            return logName;
        }
    }

    private final Reason reason;

    public TurnException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
