package io.peerexchange.adapters.controlplane.json;

/**
 * A JSON document or value did not have the expected shape. Messages name the place, never the
 * input text: it may hold a secret.
 */
public final class MalformedJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedJsonException(String message) {
        super(message);
    }
}
