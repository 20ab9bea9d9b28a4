package io.peerexchange.adapters.controlplane.http;

import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.IOException;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpResponse;

/** Ending an exchange whose body is not read to its end. */
public final class Exchanges {
    private static final ComponentLogger LOG = ComponentLogger.of(Exchanges.class, Component.CONTROLPLANE);

    private Exchanges() {}

    /**
     * Cancels the request, which closes its connection, then releases the answer. Closing the answer
     * alone would read the rest of the body to reuse the connection, and an event stream has no end.
     */
    public static void abort(Cancellable request, ClassicHttpResponse response) {
        request.cancel();
        closeQuietly(response);
    }

    public static void closeQuietly(ClassicHttpResponse response) {
        if (response != null) {
            try {
                response.close();
            } catch (IOException | RuntimeException e) {
                LOG.atDebug().addKeyValue("error", e.toString()).log("closing an aborted answer failed");
            }
        }
    }
}
