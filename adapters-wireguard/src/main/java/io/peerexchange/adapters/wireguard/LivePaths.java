package io.peerexchange.adapters.wireguard;

import io.peerexchange.adapters.wireguard.device.DeviceState;
import io.peerexchange.adapters.wireguard.device.PeerState;
import io.peerexchange.ports.WireGuardKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells a live roamed path from a quiet one by the peer's receive counter (docs/PROTOCOL.md#endpoint-updates).
 *
 * <p>WireGuard roams to the source of every authenticated packet, so a counter that grows proves the
 * endpoint WireGuard holds is carrying traffic <em>now</em>, and overwriting it would cut a working path.
 * Only growth between two reads close together proves that: growth since a read one refresh interval
 * ago may be traffic from before the path died (a NAT that changed its mapping a second ago leaves
 * exactly that picture), and keeping a dead path is an outage until the next refresh. So a path counts
 * as live only when the counter grew between two reads at most {@link #PROOF_WINDOW} apart; when the
 * previous read is older, the updater reads again after {@link #SAMPLE_GAP}.
 *
 * <p>The rule errs towards replacing: a live path that happens to be silent for the sample (a peer that
 * only sends keepalives) is replaced, and WireGuard roams back to it with the peer's next packet, while
 * a dead path kept would stay dead.
 */
final class LivePaths {
    static final Duration PROOF_WINDOW = Duration.ofSeconds(3);
    static final Duration SAMPLE_GAP = Duration.ofSeconds(1);

    private Map<WireGuardKey, Long> rxBytes = Map.of();
    private Instant readAt;

    /** Whether a read now can be compared with the previous one to prove current traffic. */
    boolean canProve(Instant now) {
        return readAt != null && !readAt.plus(PROOF_WINDOW).isBefore(now);
    }

    /**
     * Records this read and returns, for every peer whose counter grew since a recent enough previous
     * read, why its current endpoint is live. Peers absent from the read are forgotten.
     */
    Map<WireGuardKey, String> observe(DeviceState state, Instant now) {
        boolean comparable = canProve(now);
        Map<WireGuardKey, Long> next = new HashMap<>(state.size() * 2);
        Map<WireGuardKey, String> live = new HashMap<>();
        for (PeerState peer : state.peers()) {
            Long previous = rxBytes.get(peer.publicKey());
            if (comparable && previous != null && peer.rxBytes() > previous) {
                live.put(
                        peer.publicKey(),
                        "WireGuard received " + (peer.rxBytes() - previous)
                                + " bytes from the peer at this endpoint within the last "
                                + Duration.between(readAt, now).toMillis() + " ms");
            }
            next.put(peer.publicKey(), peer.rxBytes());
        }
        rxBytes = next;
        readAt = now;
        return live;
    }
}
