package io.peerexchange.ports.testing;

import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.EndpointReport;
import io.peerexchange.ports.EndpointReporter;
import io.peerexchange.ports.EndpointResponse;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.PeerEndpoint;
import java.util.ArrayList;
import java.util.List;

/** Records reports and answers with a settable peer list or failure. */
public final class FakeEndpointReporter implements EndpointReporter {
    private final List<EndpointReport> reports = new ArrayList<>();
    private final List<NodeId> nodeIds = new ArrayList<>();
    private List<PeerEndpoint> answer = List.of();
    private ControlPlaneException failure;

    public synchronized FakeEndpointReporter answer(PeerEndpoint... peers) {
        this.answer = List.of(peers);
        this.failure = null;
        return this;
    }

    public synchronized FakeEndpointReporter failWith(ControlPlaneException failure) {
        this.failure = failure;
        return this;
    }

    public synchronized List<EndpointReport> reports() {
        return List.copyOf(reports);
    }

    public synchronized List<NodeId> nodeIds() {
        return List.copyOf(nodeIds);
    }

    @Override
    public synchronized EndpointResponse reportEndpoint(NodeId nodeId, EndpointReport report)
            throws ControlPlaneException {
        nodeIds.add(nodeId);
        reports.add(report);
        if (failure != null) {
            throw failure;
        }
        return new EndpointResponse(answer);
    }
}
