package io.peerexchange.adapters.controlplane.http;

import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.ControlPlaneException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponse;

/** HTTP status → {@link ControlPlaneException.Kind}, shared by the calls and the event stream. */
public final class ErrorMapping {
    private ErrorMapping() {}

    static Kind kindOf(int status) {
        return switch (status) {
            case 400 -> Kind.BAD_REQUEST;
            case 401 -> Kind.UNAUTHORIZED;
            case 403 -> Kind.FORBIDDEN;
            case 404 -> Kind.NOT_FOUND;
            case 409 -> Kind.CONFLICT;
            case 413 -> Kind.PAYLOAD_TOO_LARGE;
            case 429 -> Kind.RATE_LIMITED;
            default -> status >= 500 && status <= 599 ? Kind.SERVER_ERROR : Kind.UNEXPECTED_STATUS;
        };
    }

    static Duration retryAfter(HttpResponse response, Clock clock) {
        Header header = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
        return header == null
                ? null
                : RetryAfter.parse(header.getValue(), clock).orElse(null);
    }

    public static ControlPlaneException forStatus(String call, HttpResponse response, Clock clock) {
        int status = response.getCode();
        Kind kind = kindOf(status);
        Duration retryAfter = retryAfter(response, clock);
        String message = call + " failed: HTTP " + status + " (" + kind.name().toLowerCase(Locale.ROOT) + ")"
                + (retryAfter == null ? "" : ", retry after " + retryAfter.toSeconds() + " s");
        return new ControlPlaneException(kind, status, message, retryAfter, null);
    }
}
