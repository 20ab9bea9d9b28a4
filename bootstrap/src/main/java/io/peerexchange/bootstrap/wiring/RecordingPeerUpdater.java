package io.peerexchange.bootstrap.wiring;

import io.peerexchange.bootstrap.status.AgentActivity;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.PeerUpdater;
import io.peerexchange.ports.UpdateOutcome;
import io.peerexchange.ports.UpdateReport;
import java.util.List;

/** The WireGuard writer, with each endpoint WireGuard took noted for the status. */
final class RecordingPeerUpdater implements PeerUpdater {
    /** The status's "why": the agent wrote what the control plane gave for the peer. */
    static final String REASON = "control plane endpoint written";

    private final PeerUpdater delegate;
    private final AgentActivity activity;

    RecordingPeerUpdater(PeerUpdater delegate, AgentActivity activity) {
        this.delegate = delegate;
        this.activity = activity;
    }

    @Override
    public UpdateReport updateEndpoints(List<EndpointUpdate> updates) throws PeerUpdateException {
        UpdateReport report = delegate.updateEndpoints(updates);
        List<UpdateOutcome> outcomes = report.outcomes();
        for (int i = 0; i < outcomes.size() && i < updates.size(); i++) {
            if (outcomes.get(i).status() == UpdateOutcome.Status.APPLIED) {
                activity.endpointWritten(
                        updates.get(i).publicKey(), updates.get(i).endpoint(), REASON);
            }
        }
        return report;
    }
}
