package io.peerexchange.ports;

import java.util.Objects;

/** Set the endpoint of the existing WireGuard peer with this public key, and nothing else. */
public record EndpointUpdate(WireGuardKey publicKey, Endpoint endpoint) {
    public EndpointUpdate {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(endpoint, "endpoint");
    }
}
