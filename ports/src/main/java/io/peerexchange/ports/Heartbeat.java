package io.peerexchange.ports;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The body of {@code POST /v1/nodes/{id}/heartbeat}. */
public record Heartbeat(NodeId nodeId, Instant timestamp, String status, Duration uptime, Optional<NatInfo> nat) {
    public Heartbeat {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(uptime, "uptime");
        Objects.requireNonNull(nat, "nat");
    }
}
