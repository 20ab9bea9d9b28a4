package io.peerexchange.adapters.wireguard.device;

import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.WireGuardKey;
import java.util.List;
import java.util.Objects;

/**
 * One peer as WireGuard reports it. {@code endpoint} is WireGuard's current endpoint in the canonical
 * text of {@link Endpoint#toString()} (or WireGuard's own text when it is not an IP literal
 * {@link Endpoint} accepts, e.g. a scoped link-local address), null when it has none. No secret is
 * kept: the preshared key is never read into this record.
 */
public record PeerState(
        WireGuardKey publicKey,
        String endpoint,
        long rxBytes,
        long txBytes,
        long lastHandshakeEpochSeconds,
        List<String> allowedIps) {

    public PeerState {
        Objects.requireNonNull(publicKey, "publicKey");
        if (rxBytes < 0) {
            throw new IllegalArgumentException("rxBytes must not be negative");
        }
        if (txBytes < 0) {
            throw new IllegalArgumentException("txBytes must not be negative");
        }
        if (lastHandshakeEpochSeconds < 0) {
            throw new IllegalArgumentException("lastHandshakeEpochSeconds must not be negative");
        }
        allowedIps = List.copyOf(allowedIps);
    }

    public boolean hasEndpoint() {
        return endpoint != null;
    }

    /** Whether WireGuard holds exactly this endpoint. */
    public boolean holds(Endpoint candidate) {
        return candidate.toString().equals(endpoint);
    }

    /** Canonical text for an endpoint as WireGuard printed it; the raw text when it is no IP literal we accept. */
    public static String canonicalEndpoint(String wireGuardText) {
        try {
            return Endpoint.parse(wireGuardText).toString();
        } catch (IllegalArgumentException e) {
            return wireGuardText;
        }
    }
}
