package io.peerexchange.ports;

import java.util.List;

/** The answer to an endpoint report: the other nodes' endpoints. */
public record EndpointResponse(List<PeerEndpoint> peerEndpoints) {
    public EndpointResponse {
        peerEndpoints = List.copyOf(peerEndpoints);
    }
}
