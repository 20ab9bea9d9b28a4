package io.peerexchange.adapters.wireguard;

import io.peerexchange.adapters.wireguard.device.DeviceState;
import io.peerexchange.adapters.wireguard.device.PeerState;
import io.peerexchange.ports.WireGuardKey;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers each peer's receive counter between reads to tell a live roamed path from a quiet one.
 *
 * <p>WireGuard roams to the source of every authenticated packet, so a receive counter that grew since
 * the previous read proves the endpoint WireGuard now holds is carrying traffic: overwriting it would cut
 * a working path. A counter that did not grow means the path went quiet and is replaced at once.
 *
 * <p>Two cases have no fresh growth to compare:
 * <ul>
 *   <li>Back-to-back reads (an event right after a refresh) are too close to see a keepalive; growth seen
 *   within the last {@link #GROWTH_MEMORY} still counts, the common persistent keepalive being 25 s.
 *   <li>The first read of a peer (agent start, wireguard-go restarted: the counter went down). We keep the
 *   path when the peer's session is younger than {@link #SESSION_LIFETIME} and has received data:
 *   WireGuard drops sessions older than 180 s (REJECT_AFTER_TIME), so only such a session can carry
 *   traffic now. A recent handshake is weak evidence on its own (SPEC §5), but the error is bounded:
 *   the next read has a counter to compare and replaces a quiet path then, one refresh later, whereas
 *   cutting a live path sends traffic to a possibly unreachable address until the peer speaks again.
 * </ul>
 */
final class LivePaths {
    static final Duration GROWTH_MEMORY = Duration.ofSeconds(30);
    static final Duration SESSION_LIFETIME = Duration.ofSeconds(180);

    private Map<WireGuardKey, Observation> observations = new HashMap<>();

    private record Observation(long rxBytes, Instant grewAt) {}

    /**
     * Records this read and returns, for every peer whose current endpoint is live, why it is.
     * Peers absent from the read are forgotten.
     */
    Map<WireGuardKey, String> observe(DeviceState state, Instant now) {
        Map<WireGuardKey, Observation> next = new HashMap<>(state.size() * 2);
        Map<WireGuardKey, String> live = new HashMap<>();
        for (PeerState peer : state.peers()) {
            Observation previous = observations.get(peer.publicKey());
            Instant grewAt = null;
            String reason = null;
            if (previous == null || peer.rxBytes() < previous.rxBytes()) {
                if (peer.rxBytes() > 0 && peer.lastHandshakeEpochSeconds() > 0
                        && !Instant.ofEpochSecond(peer.lastHandshakeEpochSeconds()).plus(SESSION_LIFETIME).isBefore(now)) {
                    reason = "first read of this peer: its session is younger than 180 s and has received data";
                }
            } else if (peer.rxBytes() > previous.rxBytes()) {
                grewAt = now;
                reason = "WireGuard received from the peer at this endpoint since the previous read";
            } else {
                grewAt = previous.grewAt();
                if (grewAt != null && !grewAt.plus(GROWTH_MEMORY).isBefore(now)) {
                    reason = "WireGuard received from the peer at this endpoint "
                            + Duration.between(grewAt, now).toSeconds() + " s ago";
                }
            }
            next.put(peer.publicKey(), new Observation(peer.rxBytes(), grewAt));
            if (reason != null) {
                live.put(peer.publicKey(), reason);
            }
        }
        observations = next;
        return live;
    }
}
