package io.peerexchange.adapters.controlplane.http;

import io.peerexchange.ports.NodeId;

/** The control plane's resource paths (docs/PROTOCOL.md#node-state and the sections after it). */
public final class ProtocolPaths {
    private ProtocolPaths() {}

    /** {@code /v1/nodes/{id}/{leaf}}, e.g. {@code state}, {@code endpoint}, {@code heartbeat}, {@code events}. */
    public static String ofNode(NodeId nodeId, String leaf) {
        return "/v1/nodes/" + nodeId.value() + "/" + leaf;
    }
}
