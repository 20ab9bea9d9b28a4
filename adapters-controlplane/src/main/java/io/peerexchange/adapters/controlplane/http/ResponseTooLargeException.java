package io.peerexchange.adapters.controlplane.http;

import java.io.IOException;

/** An answer body grew past the size cap while it was being read. */
public final class ResponseTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    ResponseTooLargeException(long cap) {
        super("answer larger than " + cap + " bytes");
    }
}
