package io.peerexchange.ports;

import java.util.Objects;

/** The body of {@code PUT /v1/nodes/{id}/endpoint}. */
public record EndpointReport(Endpoint publicEndpoint, NatType natType, Connectivity connectivity) {
    public EndpointReport {
        Objects.requireNonNull(publicEndpoint, "publicEndpoint");
        Objects.requireNonNull(natType, "natType");
        Objects.requireNonNull(connectivity, "connectivity");
    }

    /** The seed protocol's report: no candidates, no ICE credentials. */
    public EndpointReport(Endpoint publicEndpoint, NatType natType) {
        this(publicEndpoint, natType, Connectivity.NONE);
    }

    public static EndpointReport of(NatInfo info) {
        return new EndpointReport(info.publicEndpoint(), info.type());
    }
}
