package io.peerexchange.devtools.controlplane;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** The one JSON mapper and the wire shapes built from it (docs/PROTOCOL.md#http-calls), compact and in field order. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** A Peer: {@code {"id","public_key","mesh_ip","endpoint","allowed_ips"}}; endpoint "" when unknown. */
    static ObjectNode peer(NodeDefinition node, String endpoint) {
        return peer(node, endpoint, "id", true);
    }

    /**
     * A Peer with its id under {@code idField}; without the key only {@code {idField,"endpoint"}},
     * which an agent resolves through its directory.
     */
    static ObjectNode peer(NodeDefinition node, String endpoint, String idField, boolean withKey) {
        ObjectNode peer = MAPPER.createObjectNode();
        peer.put(idField, node.id());
        if (!withKey) {
            return peer.put("endpoint", endpoint);
        }
        peer.put("public_key", node.publicKey());
        peer.put("mesh_ip", node.meshIp());
        peer.put("endpoint", endpoint);
        ArrayNode allowed = peer.putArray("allowed_ips");
        node.allowedIps().forEach(allowed::add);
        return peer;
    }

    static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }

    static String text(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON tree", e);
        }
    }

    static byte[] bytes(Object tree) {
        return text(tree).getBytes(StandardCharsets.UTF_8);
    }
}
