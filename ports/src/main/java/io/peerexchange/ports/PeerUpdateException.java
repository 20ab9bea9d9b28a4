package io.peerexchange.ports;

/** WireGuard could not be reached, read or written as a whole. */
public class PeerUpdateException extends Exception {
    private static final long serialVersionUID = 1L;

    public PeerUpdateException(String message) {
        super(message);
    }

    public PeerUpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
