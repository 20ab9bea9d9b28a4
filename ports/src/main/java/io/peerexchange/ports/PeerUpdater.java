package io.peerexchange.ports;

import java.util.List;

/**
 * Writes peer endpoints into WireGuard. Implementations change the endpoint of existing peers and
 * nothing else: they never add a peer, never touch allowed IPs, keys or keepalive, leave equal
 * endpoints alone and keep a roamed endpoint that is still receiving. Safe for concurrent use.
 */
public interface PeerUpdater {

    /**
     * Applies the updates, in one transaction where the backend allows.
     *
     * @return one outcome per update, in order
     * @throws PeerUpdateException when WireGuard cannot be reached or read at all
     */
    UpdateReport updateEndpoints(List<EndpointUpdate> updates) throws PeerUpdateException;
}
