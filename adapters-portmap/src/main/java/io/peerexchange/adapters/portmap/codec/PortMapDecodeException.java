package io.peerexchange.adapters.portmap.codec;

/** An answer from the gateway is malformed or hostile; the message says which check failed. */
public final class PortMapDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public PortMapDecodeException(String message) {
        super(message);
    }

    public PortMapDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
