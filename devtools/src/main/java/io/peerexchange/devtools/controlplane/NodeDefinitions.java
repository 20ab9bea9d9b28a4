package io.peerexchange.devtools.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads node definitions from JSON:
 * {@code {"nodes":[{"id","token","public_key","mesh_ip","allowed_ips":[…]}]}}. Errors name the
 * node and field but never echo a token.
 */
public final class NodeDefinitions {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NodeDefinitions() {}

    /** @throws IllegalArgumentException when the file cannot be read or is not a valid definition list */
    public static List<NodeDefinition> load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read node file " + file + ": " + e.getMessage());
        }
        return parse(bytes);
    }

    /** @throws IllegalArgumentException when the text is not a valid definition list */
    public static List<NodeDefinition> parse(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("node file is not valid JSON");
        }
        if (root == null || !root.path("nodes").isArray() || root.path("nodes").isEmpty()) {
            throw new IllegalArgumentException("node file must hold a non-empty array \"nodes\"");
        }
        List<NodeDefinition> nodes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (JsonNode node : root.path("nodes")) {
            NodeDefinition definition = definition(node);
            String id = definition.id();
            if (!ids.add(definition.id())) {
                throw new IllegalArgumentException("node " + id + " is defined twice");
            }
            if (!tokens.add(definition.token())) {
                throw new IllegalArgumentException("node " + id + " shares its token with another node");
            }
            nodes.add(definition);
        }
        return List.copyOf(nodes);
    }

    /**
     * One node: {@code {"id","token","public_key","mesh_ip","allowed_ips"}}.
     *
     * @throws IllegalArgumentException naming the node and field, never the token
     */
    static NodeDefinition definition(JsonNode node) {
        String id = text(node, "id", "?");
        return new NodeDefinition(
                id,
                text(node, "token", id),
                text(node, "public_key", id),
                node.path("mesh_ip").asText(""),
                allowedIps(node, id));
    }

    private static String text(JsonNode node, String field, String nodeId) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("node " + nodeId + ": field " + field + " must be a string");
        }
        return value.textValue();
    }

    private static List<String> allowedIps(JsonNode node, String nodeId) {
        JsonNode array = node.path("allowed_ips");
        if (array.isMissingNode()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("node " + nodeId + ": allowed_ips must be an array of strings");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode entry : array) {
            if (!entry.isTextual()) {
                throw new IllegalArgumentException("node " + nodeId + ": allowed_ips must be an array of strings");
            }
            result.add(entry.textValue());
        }
        return result;
    }
}
