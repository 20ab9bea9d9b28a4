package io.peerexchange.ports;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One WireGuard peer's path as WireGuard reports it: the endpoint it holds (its own text when that is
 * not an IP literal {@link Endpoint} accepts), the bytes received and sent, and the latest handshake.
 * No key material but the public key.
 */
public record PeerStats(
        WireGuardKey publicKey,
        Optional<String> endpoint,
        long rxBytes,
        long txBytes,
        Optional<Instant> lastHandshake) {
    public PeerStats {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(lastHandshake, "lastHandshake");
        if (rxBytes < 0 || txBytes < 0) {
            throw new IllegalArgumentException("byte counts must not be negative");
        }
    }
}
