package io.peerexchange.adapters.stun;

import io.peerexchange.ports.StunException;

/** The requested local UDP port cannot be bound, typically because WireGuard holds it. */
public final class PortInUseException extends StunException {
    private static final long serialVersionUID = 1L;

    private final int port;

    public PortInUseException(int port, String message, Throwable cause) {
        super(message, cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
