package io.peerexchange.ports;

import java.util.List;

/** Reads what WireGuard holds for each peer of the interface: endpoint, traffic, latest handshake. */
public interface PeerStatsReader {

    /**
     * One read of the interface, in WireGuard's order.
     *
     * @throws PeerUpdateException when WireGuard cannot be reached or read
     */
    List<PeerStats> readPeerStats() throws PeerUpdateException;
}
