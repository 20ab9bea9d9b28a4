package io.peerexchange.ports.testing;

import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import java.util.Optional;

/** Test data builders for peers. */
public final class Peers {
    private Peers() {}

    /** Peer {@code p-n} with {@link TestKeys#key(int) key n} and the given endpoint (may be null). */
    public static Peer peer(int n, String endpoint) {
        return Peer.of(
                new NodeId("p-" + n),
                TestKeys.key(n),
                endpoint == null ? Optional.empty() : Optional.of(Endpoint.parse(endpoint)));
    }
}
