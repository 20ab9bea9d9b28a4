package io.peerexchange.bootstrap.wiring;

import io.peerexchange.bootstrap.status.AgentActivity;
import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.EndpointReport;
import io.peerexchange.ports.EndpointReporter;
import io.peerexchange.ports.EndpointResponse;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.telemetry.AgentMetrics;
import java.util.Optional;

/** The endpoint reporter, with each report and its outcome noted for the status. */
final class RecordingEndpointReporter implements EndpointReporter {
    private final EndpointReporter delegate;
    private final AgentActivity activity;
    private final AgentMetrics metrics;

    RecordingEndpointReporter(EndpointReporter delegate, AgentActivity activity, AgentMetrics metrics) {
        this.delegate = delegate;
        this.activity = activity;
        this.metrics = metrics;
    }

    @Override
    public EndpointResponse reportEndpoint(NodeId nodeId, EndpointReport report)
            throws ControlPlaneException, InterruptedException {
        try {
            EndpointResponse response = delegate.reportEndpoint(nodeId, report);
            activity.report(report, Optional.empty());
            metrics.endpointReport("ok");
            return response;
        } catch (ControlPlaneException e) {
            activity.report(report, Optional.of(e.kind() + ": " + e.getMessage()));
            metrics.endpointReport(outcome(e));
            throw e;
        }
    }

    private static String outcome(ControlPlaneException e) {
        return e.kind().name().toLowerCase(java.util.Locale.ROOT);
    }
}
