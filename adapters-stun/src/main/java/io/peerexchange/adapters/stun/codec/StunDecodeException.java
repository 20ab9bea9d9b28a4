package io.peerexchange.adapters.stun.codec;

/** A datagram is not a well-formed STUN Binding response; the message says which check failed. */
public final class StunDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public StunDecodeException(String message) {
        super(message);
    }
}
