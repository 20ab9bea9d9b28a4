package io.peerexchange.ports;

/** Sends the periodic heartbeat. */
public interface HeartbeatSender {

    /** {@code POST /v1/nodes/{nodeId}/heartbeat}. */
    HeartbeatResponse sendHeartbeat(Heartbeat heartbeat) throws ControlPlaneException, InterruptedException;
}
