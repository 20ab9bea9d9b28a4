package io.peerexchange.adapters.controlplane.http;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * {@code Authorization: Bearer …} whose {@link #toString()} is redacted. HttpClient's header log
 * ({@code org.apache.hc.client5.http.headers} at debug) prints headers through {@code toString()},
 * so this keeps the token out of it; the wire goes through {@link #getValue()}.
 */
public final class AuthorizationHeader implements Header {
    private final String value;

    public AuthorizationHeader(BearerToken token) {
        this.value = token.headerValue();
    }

    /** Whether the token still has the value this header was made with (it may have been replaced since). */
    public boolean carriesCurrentValueOf(BearerToken token) {
        return value.equals(token.headerValue());
    }

    @Override
    public String getName() {
        return HttpHeaders.AUTHORIZATION;
    }

    @Override
    public String getValue() {
        return value;
    }

    @Override
    public boolean isSensitive() {
        return true;
    }

    @Override
    public String toString() {
        return HttpHeaders.AUTHORIZATION + ": Bearer <redacted>";
    }
}
