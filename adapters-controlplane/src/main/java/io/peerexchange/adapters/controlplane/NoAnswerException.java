package io.peerexchange.adapters.controlplane;

import io.peerexchange.ports.ControlPlaneException;

/** A call failed before any answer arrived: the request may or may not have reached the server. */
final class NoAnswerException extends ControlPlaneException {
    private static final long serialVersionUID = 1L;

    NoAnswerException(String message, Throwable cause) {
        super(Kind.NETWORK, message, cause);
    }
}
