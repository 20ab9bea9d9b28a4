package io.peerexchange.ports;

import java.util.Objects;

/** The body of {@code PUT /v1/nodes/{id}/endpoint}. */
public record EndpointReport(Endpoint publicEndpoint, NatType natType) {
    public EndpointReport {
        Objects.requireNonNull(publicEndpoint, "publicEndpoint");
        Objects.requireNonNull(natType, "natType");
    }

    public static EndpointReport of(NatInfo info) {
        return new EndpointReport(info.publicEndpoint(), info.type());
    }
}
