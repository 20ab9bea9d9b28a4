package io.peerexchange.devtools.controlplane;

/** A request the control plane refuses, with the HTTP status to answer. The message goes to the client. */
final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
