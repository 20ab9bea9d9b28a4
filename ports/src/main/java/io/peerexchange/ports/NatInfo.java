package io.peerexchange.ports;

import java.util.Objects;

/** The result of a discovery: the node's public endpoint and its NAT type (the heartbeat's {@code nat}). */
public record NatInfo(Endpoint publicEndpoint, NatType type) {
    public NatInfo {
        Objects.requireNonNull(publicEndpoint, "publicEndpoint");
        Objects.requireNonNull(type, "type");
    }
}
