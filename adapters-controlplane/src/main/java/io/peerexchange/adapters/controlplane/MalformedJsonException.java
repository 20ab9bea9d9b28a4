package io.peerexchange.adapters.controlplane;

/**
 * A JSON document or value did not have the expected shape. Messages name the place, never the
 * input text: it may hold a secret.
 */
final class MalformedJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedJsonException(String message) {
        super(message);
    }
}
