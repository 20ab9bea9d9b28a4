package io.peerexchange.ports;

import java.util.Objects;
import java.util.Optional;

/**
 * The agent's own view of its health, as the heartbeat's {@code status} reports it: {@code healthy},
 * or {@code degraded} with the reason (the event stream is down, the last discovery failed).
 */
public record NodeHealth(boolean healthy, Optional<String> reason) {
    public static final NodeHealth HEALTHY = new NodeHealth(true, Optional.empty());

    public NodeHealth {
        Objects.requireNonNull(reason, "reason");
        if (healthy == reason.isPresent()) {
            throw new IllegalArgumentException("a degraded node has a reason and a healthy one none");
        }
    }

    public static NodeHealth degraded(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a degraded node needs a reason");
        }
        return new NodeHealth(false, Optional.of(reason));
    }

    /** The heartbeat's {@code status} value. */
    public String status() {
        return healthy ? "healthy" : "degraded";
    }
}
