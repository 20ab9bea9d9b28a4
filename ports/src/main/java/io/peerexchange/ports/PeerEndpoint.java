package io.peerexchange.ports;

import java.util.Objects;
import java.util.Optional;

/**
 * Another node's public endpoint as the control plane knows it, by control-plane id.
 * An empty endpoint means "not discovered yet".
 */
public record PeerEndpoint(NodeId peerId, Optional<Endpoint> endpoint, Connectivity connectivity) {
    public PeerEndpoint {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(connectivity, "connectivity");
    }

    public PeerEndpoint(NodeId peerId, Optional<Endpoint> endpoint) {
        this(peerId, endpoint, Connectivity.NONE);
    }

    public static PeerEndpoint of(String peerId, String endpoint) {
        return new PeerEndpoint(
                new NodeId(peerId),
                endpoint == null || endpoint.isEmpty() ? Optional.empty() : Optional.of(Endpoint.parse(endpoint)));
    }
}
