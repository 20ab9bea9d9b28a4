package io.peerexchange.bootstrap.wiring;

import io.peerexchange.bootstrap.status.AgentActivity;
import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.EndpointReport;
import io.peerexchange.ports.EndpointReporter;
import io.peerexchange.ports.EndpointResponse;
import io.peerexchange.ports.NodeId;
import java.util.Optional;

/** The endpoint reporter, with each report and its outcome noted for the status. */
final class RecordingEndpointReporter implements EndpointReporter {
    private final EndpointReporter delegate;
    private final AgentActivity activity;

    RecordingEndpointReporter(EndpointReporter delegate, AgentActivity activity) {
        this.delegate = delegate;
        this.activity = activity;
    }

    @Override
    public EndpointResponse reportEndpoint(NodeId nodeId, EndpointReport report)
            throws ControlPlaneException, InterruptedException {
        try {
            EndpointResponse response = delegate.reportEndpoint(nodeId, report);
            activity.report(report, Optional.empty());
            return response;
        } catch (ControlPlaneException e) {
            activity.report(report, Optional.of(e.kind() + ": " + e.getMessage()));
            throw e;
        }
    }
}
