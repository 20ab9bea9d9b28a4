package io.peerexchange.ports;

/** A STUN binding failed; the message says why in one line. */
public class StunException extends Exception {
    private static final long serialVersionUID = 1L;

    public StunException(String message) {
        super(message);
    }

    public StunException(String message, Throwable cause) {
        super(message, cause);
    }
}
