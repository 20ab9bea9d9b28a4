package io.peerexchange.bootstrap.wiring;

import io.peerexchange.bootstrap.status.AgentActivity;
import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.Heartbeat;
import io.peerexchange.ports.HeartbeatResponse;
import io.peerexchange.ports.HeartbeatSender;
import io.peerexchange.ports.telemetry.AgentMetrics;
import java.util.Optional;

/** The heartbeat sender, with each heartbeat and the control plane's answer noted for the status. */
final class RecordingHeartbeatSender implements HeartbeatSender {
    private final HeartbeatSender delegate;
    private final AgentActivity activity;
    private final AgentMetrics metrics;

    RecordingHeartbeatSender(HeartbeatSender delegate, AgentActivity activity, AgentMetrics metrics) {
        this.delegate = delegate;
        this.activity = activity;
        this.metrics = metrics;
    }

    @Override
    public HeartbeatResponse sendHeartbeat(Heartbeat heartbeat) throws ControlPlaneException, InterruptedException {
        try {
            HeartbeatResponse response = delegate.sendHeartbeat(heartbeat);
            activity.heartbeat(Optional.of(response), Optional.empty());
            metrics.heartbeat("ok");
            return response;
        } catch (ControlPlaneException e) {
            activity.heartbeat(Optional.empty(), Optional.of(e.kind() + ": " + e.getMessage()));
            metrics.heartbeat(outcome(e));
            throw e;
        }
    }

    private static String outcome(ControlPlaneException e) {
        return e.kind().name().toLowerCase(java.util.Locale.ROOT);
    }
}
