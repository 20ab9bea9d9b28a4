package io.peerexchange.adapters.wireguard.device;

import io.peerexchange.ports.WireGuardKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The peers of one interface, read in one request, in WireGuard's order, and its fwmark. */
public final class DeviceState {
    private final Map<WireGuardKey, PeerState> peers;
    private final int fwmark;

    public DeviceState(List<PeerState> peers) {
        this(peers, 0);
    }

    /** @param fwmark the interface's fwmark, 0 for none */
    public DeviceState(List<PeerState> peers, int fwmark) {
        this.fwmark = fwmark;
        Map<WireGuardKey, PeerState> byKey = new LinkedHashMap<>();
        for (PeerState peer : peers) {
            if (byKey.putIfAbsent(peer.publicKey(), peer) != null) {
                throw new IllegalArgumentException("peer " + peer.publicKey() + " is listed twice");
            }
        }
        this.peers = Collections.unmodifiableMap(byKey);
    }

    public Optional<PeerState> peer(WireGuardKey key) {
        return Optional.ofNullable(peers.get(key));
    }

    public List<PeerState> peers() {
        return List.copyOf(peers.values());
    }

    /** The mark WireGuard puts on its packets (0: none), for policy routing. */
    public int fwmark() {
        return fwmark;
    }

    public int size() {
        return peers.size();
    }
}
