package io.peerexchange.devtools.controlplane;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a node has told the control plane so far. An empty endpoint means "not reported yet".
 *
 * @param endpoint      the last known endpoint: reported by the node or set by an admin
 * @param reports       how many endpoint reports arrived
 * @param heartbeats    how many heartbeats arrived
 * @param lastHeartbeat the last heartbeat body as received (after gzip), empty before the first
 * @param paths         the candidates and ICE credentials of the last report
 */
record NodeStatus(
        String endpoint,
        String natType,
        Optional<Instant> reportedAt,
        long reports,
        String heartbeatEndpoint,
        String heartbeatNatType,
        Optional<Instant> heartbeatAt,
        long heartbeats,
        String lastHeartbeat,
        PathFields paths) {
    static final NodeStatus INITIAL =
            new NodeStatus("", "", Optional.empty(), 0, "", "", Optional.empty(), 0, "", PathFields.NONE);

    NodeStatus {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(natType, "natType");
        Objects.requireNonNull(reportedAt, "reportedAt");
        Objects.requireNonNull(heartbeatEndpoint, "heartbeatEndpoint");
        Objects.requireNonNull(heartbeatNatType, "heartbeatNatType");
        Objects.requireNonNull(heartbeatAt, "heartbeatAt");
        Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
        Objects.requireNonNull(paths, "paths");
    }

    NodeStatus withReport(String newEndpoint, String newNatType, PathFields newPaths, Instant at) {
        return new NodeStatus(
                newEndpoint,
                newNatType,
                Optional.of(at),
                reports + 1,
                heartbeatEndpoint,
                heartbeatNatType,
                heartbeatAt,
                heartbeats,
                lastHeartbeat,
                newPaths);
    }

    /** The endpoint as an admin set it: no report is counted. */
    NodeStatus withEndpoint(String newEndpoint) {
        return new NodeStatus(
                newEndpoint,
                natType,
                reportedAt,
                reports,
                heartbeatEndpoint,
                heartbeatNatType,
                heartbeatAt,
                heartbeats,
                lastHeartbeat,
                paths);
    }

    NodeStatus withHeartbeat(String natEndpoint, String natTypeSeen, Instant at, String body) {
        return new NodeStatus(
                endpoint,
                natType,
                reportedAt,
                reports,
                natEndpoint,
                natTypeSeen,
                Optional.of(at),
                heartbeats + 1,
                body,
                paths);
    }
}
