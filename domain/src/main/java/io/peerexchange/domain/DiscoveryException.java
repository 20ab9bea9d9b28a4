package io.peerexchange.domain;

/** No STUN server answered. */
public class DiscoveryException extends Exception {
    private static final long serialVersionUID = 1L;

    public DiscoveryException(String message) {
        super(message);
    }
}
