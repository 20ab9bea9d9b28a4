package io.peerexchange.bootstrap.wiring;

import io.peerexchange.bootstrap.status.AgentActivity;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.PeerUpdater;
import io.peerexchange.ports.UpdateOutcome;
import io.peerexchange.ports.UpdateReport;
import io.peerexchange.ports.telemetry.AgentMetrics;
import java.util.List;
import java.util.Locale;

/** The WireGuard writer, with each endpoint WireGuard took noted for the status. */
final class RecordingPeerUpdater implements PeerUpdater {
    /** The status's "why": the agent wrote what the control plane gave for the peer. */
    static final String REASON = "control plane endpoint written";

    private final PeerUpdater delegate;
    private final AgentActivity activity;
    private final AgentMetrics metrics;

    RecordingPeerUpdater(PeerUpdater delegate, AgentActivity activity, AgentMetrics metrics) {
        this.delegate = delegate;
        this.activity = activity;
        this.metrics = metrics;
    }

    @Override
    public UpdateReport updateEndpoints(List<EndpointUpdate> updates) throws PeerUpdateException {
        UpdateReport report;
        try {
            report = delegate.updateEndpoints(updates);
        } catch (PeerUpdateException e) {
            updates.forEach(u -> metrics.wireGuardWrite("unreachable"));
            throw e;
        }
        List<UpdateOutcome> outcomes = report.outcomes();
        for (int i = 0; i < outcomes.size() && i < updates.size(); i++) {
            metrics.wireGuardWrite(outcomes.get(i).status().name().toLowerCase(Locale.ROOT));
            if (outcomes.get(i).status() == UpdateOutcome.Status.APPLIED) {
                activity.endpointWritten(
                        updates.get(i).publicKey(), updates.get(i).endpoint(), REASON);
            }
        }
        return report;
    }
}
