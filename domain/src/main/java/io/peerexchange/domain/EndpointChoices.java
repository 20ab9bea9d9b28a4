package io.peerexchange.domain;

import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.WireGuardKey;
import java.util.Optional;

/**
 * What the endpoint applier tells the connectivity checks and asks them
 * (docs/PROTOCOL.md#candidates): it hands on every peer's connectivity as the control plane gave it,
 * and for a peer whose checks nominated a pair it writes that pair's remote endpoint instead of the
 * control plane's. {@link #NONE} is the seed behaviour: nothing learned, nothing chosen.
 */
public interface EndpointChoices {

    /** A peer's candidates and credentials as the control plane last gave them; {@code NONE} stops its checks. */
    void learn(NodeId peerId, WireGuardKey publicKey, Connectivity connectivity);

    void forget(NodeId peerId);

    /** The endpoint the checks chose for the peer; empty means the control plane's endpoint applies. */
    Optional<Endpoint> chosen(NodeId peerId);

    EndpointChoices NONE = new EndpointChoices() {
        @Override
        public void learn(NodeId peerId, WireGuardKey publicKey, Connectivity connectivity) {}

        @Override
        public void forget(NodeId peerId) {}

        @Override
        public Optional<Endpoint> chosen(NodeId peerId) {
            return Optional.empty();
        }
    };
}
