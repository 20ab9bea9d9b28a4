package io.peerexchange.devtools.controlplane;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The nodes, what each reported, and their event channels: the control plane without HTTP.
 * Thread-safe.
 */
final class ControlPlaneState {
    static final String PEER_ENDPOINT_CHANGED = "peer_endpoint_changed";
    private static final ComponentLogger LOG = ComponentLogger.of(ControlPlaneState.class, Component.CONTROLPLANE);

    private final Map<String, NodeDefinition> nodes = new LinkedHashMap<>();
    private final Map<String, NodeStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, EventChannel> channels = new LinkedHashMap<>();
    private final Optional<EventSigner> signer;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ControlPlaneState(List<NodeDefinition> definitions, Optional<EventSigner> signer, int eventBuffer, Clock clock) {
        AtomicLong ids = new AtomicLong();
        for (NodeDefinition node : definitions) {
            if (nodes.putIfAbsent(node.id(), node) != null) {
                throw new IllegalArgumentException("node " + node.id() + " is defined twice");
            }
            statuses.put(node.id(), NodeStatus.INITIAL);
            channels.put(node.id(), new EventChannel(eventBuffer, ids));
        }
        this.signer = signer;
        this.clock = clock;
    }

    Optional<NodeDefinition> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    /** The node holding {@code token}; every token is compared in constant time. */
    Optional<NodeDefinition> byToken(String token) {
        byte[] offered = token.getBytes(StandardCharsets.UTF_8);
        NodeDefinition match = null;
        for (NodeDefinition node : nodes.values()) {
            if (MessageDigest.isEqual(offered, node.token().getBytes(StandardCharsets.UTF_8))) {
                match = node;
            }
        }
        return Optional.ofNullable(match);
    }

    /**
     * Stores the report; when the endpoint changed, every other node gets a
     * {@code peer_endpoint_changed} event. Answers the other nodes' endpoints.
     */
    ObjectNode report(String id, String endpoint, String natType) {
        NodeDefinition node = nodes.get(id);
        NodeStatus before;
        synchronized (this) {
            before = statuses.get(id);
            statuses.put(id, before.withReport(endpoint, natType, clock.instant()));
        }
        boolean changed = !before.endpoint().equals(endpoint);
        LOG.atInfo()
                .addKeyValue("node_id", id)
                .addKeyValue("endpoint", endpoint)
                .addKeyValue("nat_type", natType)
                .addKeyValue("changed", changed)
                .log("endpoint reported");
        if (changed) {
            publishToOthers(id, Json.peer(node, endpoint));
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode list = answer.putArray("peer_endpoints");
        for (NodeDefinition other : nodes.values()) {
            if (!other.id().equals(id)) {
                list.addObject()
                        .put("peer_id", other.id())
                        .put("endpoint", statuses.get(other.id()).endpoint());
            }
        }
        return answer;
    }

    ObjectNode state(String id) {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("node_id", id);
        ArrayNode peers = answer.putArray("peers");
        for (NodeDefinition other : nodes.values()) {
            if (!other.id().equals(id)) {
                peers.add(Json.peer(other, statuses.get(other.id()).endpoint()));
            }
        }
        return answer;
    }

    void heartbeat(String id, String natEndpoint, String natType) {
        statuses.compute(id, (key, status) -> status.withHeartbeat(natEndpoint, natType, clock.instant()));
        LOG.atDebug()
                .addKeyValue("node_id", id)
                .addKeyValue("endpoint", natEndpoint)
                .addKeyValue("nat_type", natType)
                .log("heartbeat");
    }

    void attach(String id, SseStream stream, OptionalLong lastEventId) {
        channels.get(id).attach(stream, lastEventId);
        LOG.atInfo()
                .addKeyValue("node_id", id)
                .addKeyValue("last_event_id", lastEventId.isPresent() ? Long.toString(lastEventId.getAsLong()) : "")
                .log("event stream opened");
    }

    void keepAlive() {
        channels.values().forEach(EventChannel::keepAlive);
    }

    void closeStreams() {
        channels.values().forEach(EventChannel::closeAll);
    }

    /** Every node with what it reported: {@code {"nodes":[…]}}. Tokens are not part of it. */
    ObjectNode adminView() {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode list = answer.putArray("nodes");
        for (NodeDefinition node : nodes.values()) {
            NodeStatus status = statuses.get(node.id());
            ObjectNode entry = list.addObject();
            entry.put("id", node.id());
            entry.put("public_endpoint", status.endpoint());
            entry.put("nat_type", status.natType());
            entry.put("reports", status.reports());
            entry.put("reported_at", status.reportedAt().map(Instant::toString).orElse(""));
            entry.put("heartbeats", status.heartbeats());
            entry.put(
                    "heartbeat_at", status.heartbeatAt().map(Instant::toString).orElse(""));
            entry.putObject("heartbeat_nat")
                    .put("public_endpoint", status.heartbeatEndpoint())
                    .put("type", status.heartbeatNatType());
            entry.put("event_streams", channels.get(node.id()).openStreams());
        }
        return answer;
    }

    /** One line per node, {@code id endpoint nat_type reports heartbeats streams}, "-" for empty. */
    String adminText() {
        StringBuilder text = new StringBuilder();
        for (NodeDefinition node : nodes.values()) {
            NodeStatus status = statuses.get(node.id());
            text.append(node.id())
                    .append(' ')
                    .append(dash(status.endpoint()))
                    .append(' ')
                    .append(dash(status.natType()))
                    .append(' ')
                    .append(status.reports())
                    .append(' ')
                    .append(status.heartbeats())
                    .append(' ')
                    .append(channels.get(node.id()).openStreams())
                    .append('\n');
        }
        return text.toString();
    }

    private static String dash(String value) {
        return value.isEmpty() ? "-" : value;
    }

    private void publishToOthers(String aboutId, ObjectNode payload) {
        for (Map.Entry<String, EventChannel> entry : channels.entrySet()) {
            if (entry.getKey().equals(aboutId)) {
                continue;
            }
            StoredEvent event = entry.getValue().publish(id -> envelope(id, PEER_ENDPOINT_CHANGED, payload));
            LOG.atInfo()
                    .addKeyValue("event_id", event.id())
                    .addKeyValue("event_type", event.eventType())
                    .addKeyValue("to", entry.getKey())
                    .addKeyValue("peer_id", aboutId)
                    .log("event published");
        }
    }

    /** The event envelope (docs/PROTOCOL.md#signing); the signature covers the compact JSON of the first five fields in this order. */
    private StoredEvent envelope(long id, String type, ObjectNode payload) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        envelope.put("event_type", type);
        envelope.put("event_id", Long.toString(id));
        envelope.put("issued_at", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
        envelope.put("nonce", HexFormat.of().formatHex(nonce));
        envelope.set("payload", payload.deepCopy());
        signer.ifPresent(s -> envelope.put("signature", s.sign(Json.bytes(envelope))));
        return new StoredEvent(id, type, Json.text(envelope));
    }
}
