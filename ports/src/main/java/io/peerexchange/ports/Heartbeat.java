package io.peerexchange.ports;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The body of {@code POST /v1/nodes/{id}/heartbeat}.
 *
 * @param binaryVersion the agent's version
 * @param binaryChecksum SHA-256 (hex) of the running agent's jar; empty when it does not run from one
 */
public record Heartbeat(
        NodeId nodeId,
        Instant timestamp,
        NodeHealth health,
        Duration uptime,
        String binaryVersion,
        String binaryChecksum,
        Optional<NatInfo> nat) {
    public Heartbeat {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(uptime, "uptime");
        Objects.requireNonNull(binaryVersion, "binaryVersion");
        Objects.requireNonNull(binaryChecksum, "binaryChecksum");
        Objects.requireNonNull(nat, "nat");
        if (uptime.isNegative()) {
            throw new IllegalArgumentException("uptime must not be negative");
        }
    }

    /** The {@code status} field: {@code healthy} or {@code degraded}. */
    public String status() {
        return health.status();
    }
}
