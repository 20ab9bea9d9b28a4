package io.peerexchange.ports;

/** Tells the control plane this node's public endpoint and learns the other nodes'. */
public interface EndpointReporter {

    /**
     * {@code PUT /v1/nodes/{nodeId}/endpoint}.
     *
     * @throws ControlPlaneException on any failure, typed by {@link ControlPlaneException.Kind}
     * @throws InterruptedException  when the calling thread is interrupted; the call returns promptly
     */
    EndpointResponse reportEndpoint(NodeId nodeId, EndpointReport report)
            throws ControlPlaneException, InterruptedException;
}
