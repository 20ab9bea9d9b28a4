package io.peerexchange.ports;

import java.util.Objects;

/**
 * A peer reached through the relay: {@code proxy} is the local address WireGuard must hold as the
 * peer's endpoint, {@code relayed} our address on the relay server (our {@code relay} candidate,
 * the address the peer's WireGuard sends to).
 */
public record RelayedPath(Endpoint proxy, Endpoint relayed) {
    public RelayedPath {
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(relayed, "relayed");
    }
}
