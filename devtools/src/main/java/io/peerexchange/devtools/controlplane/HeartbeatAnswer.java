package io.peerexchange.devtools.controlplane;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the control plane answers a heartbeat (docs/PROTOCOL.md#heartbeat); an admin can arm one for a node's next beat. */
record HeartbeatAnswer(boolean reconcile, boolean rotateKeys) {
    static final HeartbeatAnswer NOTHING = new HeartbeatAnswer(false, false);

    ObjectNode json() {
        return Json.MAPPER.createObjectNode().put("reconcile", reconcile).put("rotate_keys", rotateKeys);
    }
}
