package io.peerexchange.adapters.stun.raw;

import java.io.IOException;

/** Raw sockets cannot be used here at all: not Linux, no libc through JNA, or no CAP_NET_RAW. */
public final class RawSocketUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public RawSocketUnavailableException(String message) {
        super(message);
    }

    public RawSocketUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
