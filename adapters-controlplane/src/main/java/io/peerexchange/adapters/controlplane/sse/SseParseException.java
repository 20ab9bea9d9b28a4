package io.peerexchange.adapters.controlplane.sse;

/** The stream broke a limit the parser enforces; the connection should be dropped. */
public final class SseParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public SseParseException(String message) {
        super(message);
    }
}
