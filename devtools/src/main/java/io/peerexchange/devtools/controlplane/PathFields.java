package io.peerexchange.devtools.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * A node's {@code candidates} and {@code ice} as it last reported them (docs/PROTOCOL.md#reference-control-plane),
 * kept as the parsed JSON so they are handed on unchanged. {@link #NONE}: a node that never sent
 * them, whose Peer objects carry neither member (the seed protocol).
 */
record PathFields(Optional<JsonNode> candidates, Optional<JsonNode> ice) {
    static final String CANDIDATES = "candidates";
    static final String ICE = "ice";
    static final PathFields NONE = new PathFields(Optional.empty(), Optional.empty());

    PathFields {
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(ice, "ice");
        candidates = candidates.map(JsonNode::deepCopy);
        ice = ice.map(JsonNode::deepCopy);
    }

    /**
     * The two members of a report body; missing or {@code null} is absent. Their content is the
     * node's business: only their JSON shape (an array, an object) is checked.
     */
    static PathFields of(JsonNode body) throws HttpError {
        return new PathFields(member(body, CANDIDATES, true), member(body, ICE, false));
    }

    /** Adds the members present to {@code peer}; answers it. */
    ObjectNode addTo(ObjectNode peer) {
        candidates.ifPresent(value -> peer.set(CANDIDATES, value.deepCopy()));
        ice.ifPresent(value -> peer.set(ICE, value.deepCopy()));
        return peer;
    }

    private static Optional<JsonNode> member(JsonNode body, String name, boolean array) throws HttpError {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (array ? !value.isArray() : !value.isObject()) {
            throw new HttpError(400, "field " + name + " must be " + (array ? "an array" : "an object"));
        }
        return Optional.of(value);
    }
}
