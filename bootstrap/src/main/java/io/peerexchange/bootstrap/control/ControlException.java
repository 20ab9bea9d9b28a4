package io.peerexchange.bootstrap.control;

/** A request the agent refuses, or an answer it could not give; the message is the error sent back. */
public final class ControlException extends Exception {
    private static final long serialVersionUID = 1L;

    public ControlException(String message) {
        super(message);
    }
}
