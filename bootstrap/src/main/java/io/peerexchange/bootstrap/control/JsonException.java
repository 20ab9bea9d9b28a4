package io.peerexchange.bootstrap.control;

/** Text that is not the JSON {@link Json} reads; the message says where, never echoes the text. */
public final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message);
    }
}
