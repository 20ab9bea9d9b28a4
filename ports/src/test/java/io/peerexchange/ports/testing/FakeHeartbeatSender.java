package io.peerexchange.ports.testing;

import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.Heartbeat;
import io.peerexchange.ports.HeartbeatResponse;
import io.peerexchange.ports.HeartbeatSender;
import java.util.ArrayList;
import java.util.List;

/** Records heartbeats; answers with a settable response or failure. */
public final class FakeHeartbeatSender implements HeartbeatSender {
    private final List<Heartbeat> sent = new ArrayList<>();
    private HeartbeatResponse answer = new HeartbeatResponse(false, false);
    private ControlPlaneException failure;

    public synchronized FakeHeartbeatSender failWith(ControlPlaneException failure) {
        this.failure = failure;
        return this;
    }

    public synchronized FakeHeartbeatSender answer(HeartbeatResponse answer) {
        this.answer = answer;
        return this;
    }

    public synchronized List<Heartbeat> sent() {
        return List.copyOf(sent);
    }

    @Override
    public synchronized HeartbeatResponse sendHeartbeat(Heartbeat heartbeat) throws ControlPlaneException {
        sent.add(heartbeat);
        if (failure != null) {
            throw failure;
        }
        return answer;
    }
}
