package io.peerexchange.adapters.stun;

import io.peerexchange.ports.StunException;

/** Raw sockets cannot be used here (not Linux, or no CAP_NET_RAW), so a busy port cannot be shared. */
public final class SharedPortUnavailableException extends StunException {
    private static final long serialVersionUID = 1L;

    public SharedPortUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
