package io.peerexchange.bootstrap.wiring;

import io.peerexchange.bootstrap.status.AgentActivity;
import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.Heartbeat;
import io.peerexchange.ports.HeartbeatResponse;
import io.peerexchange.ports.HeartbeatSender;
import java.util.Optional;

/** The heartbeat sender, with each heartbeat and the control plane's answer noted for the status. */
final class RecordingHeartbeatSender implements HeartbeatSender {
    private final HeartbeatSender delegate;
    private final AgentActivity activity;

    RecordingHeartbeatSender(HeartbeatSender delegate, AgentActivity activity) {
        this.delegate = delegate;
        this.activity = activity;
    }

    @Override
    public HeartbeatResponse sendHeartbeat(Heartbeat heartbeat) throws ControlPlaneException, InterruptedException {
        try {
            HeartbeatResponse response = delegate.sendHeartbeat(heartbeat);
            activity.heartbeat(Optional.of(response), Optional.empty());
            return response;
        } catch (ControlPlaneException e) {
            activity.heartbeat(Optional.empty(), Optional.of(e.kind() + ": " + e.getMessage()));
            throw e;
        }
    }
}
