package io.peerexchange.devtools.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerexchange.adapters.controlplane.events.EventTypes;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The nodes, what each reported, and their event channels: the control plane without HTTP.
 * Thread-safe. Membership and statuses are guarded by {@code this}; {@link #publishLock} orders
 * signing and publishing, so no event signed with the old key follows a signing-key rotation.
 * Lock order: {@code publishLock}, then {@code this}, then a channel's; events are never published
 * while {@code this} is held.
 */
final class ControlPlaneState {
    static final String PEER_ENDPOINT_CHANGED = EventTypes.PEER_ENDPOINT_CHANGED;
    static final String PEER_ADDED = EventTypes.PEER_ADDED;
    static final String PEER_REMOVED = EventTypes.PEER_REMOVED;
    static final String PEER_KEY_ROTATED = EventTypes.PEER_KEY_ROTATED;
    static final String NODE_STATE_UPDATED = EventTypes.NODE_STATE_UPDATED;
    static final String SIGNING_KEY_ROTATED = EventTypes.SIGNING_KEY_ROTATED;
    private static final ComponentLogger LOG = ComponentLogger.of(ControlPlaneState.class, Component.CONTROLPLANE);

    private final Map<String, NodeDefinition> nodes = new LinkedHashMap<>();
    private final Map<String, NodeStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, EventChannel> channels = new LinkedHashMap<>();
    private final Map<String, HeartbeatAnswer> armedAnswers = new ConcurrentHashMap<>();
    private final Optional<SigningKeys> keys;
    private final Duration defaultTransition;
    private final int eventBuffer;
    private final AtomicLong ids = new AtomicLong();
    private final Object publishLock = new Object();
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile EventFormat format;

    /** @param defaultTransition how long the previous signing key stays valid when a rotation names no transition */
    ControlPlaneState(
            List<NodeDefinition> definitions,
            Optional<EventSigner> signer,
            int eventBuffer,
            Clock clock,
            EventFormat format,
            Duration defaultTransition) {
        if (eventBuffer < 1) {
            throw new IllegalArgumentException("event buffer must hold at least one event");
        }
        this.eventBuffer = eventBuffer;
        for (NodeDefinition node : definitions) {
            if (nodes.putIfAbsent(node.id(), node) != null) {
                throw new IllegalArgumentException("node " + node.id() + " is defined twice");
            }
            statuses.put(node.id(), NodeStatus.INITIAL);
            channels.put(node.id(), new EventChannel(eventBuffer, ids));
        }
        this.keys = signer.map(SigningKeys::new);
        this.clock = clock;
        this.format = Objects.requireNonNull(format, "format");
        this.defaultTransition = requirePositive(defaultTransition);
    }

    synchronized Optional<NodeDefinition> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    /** The node holding {@code token}; every token is compared in constant time. */
    synchronized Optional<NodeDefinition> byToken(String token) {
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
     * Stores the report; when the endpoint, the candidates or the ICE credentials changed, every
     * other node gets a {@code peer_endpoint_changed} event. Answers the other nodes' endpoints.
     */
    ObjectNode report(String id, String endpoint, String natType, PathFields paths) throws HttpError {
        NodeDefinition node;
        NodeStatus before;
        ObjectNode answer = Json.MAPPER.createObjectNode();
        synchronized (this) {
            node = existing(id);
            before = statuses.get(id);
            statuses.put(id, before.withReport(endpoint, natType, paths, clock.instant()));
            ArrayNode list = answer.putArray("peer_endpoints");
            for (NodeDefinition other : nodes.values()) {
                if (!other.id().equals(id)) {
                    NodeStatus status = statuses.get(other.id());
                    status.paths()
                            .addTo(list.addObject().put("peer_id", other.id()).put("endpoint", status.endpoint()));
                }
            }
        }
        boolean pathsChanged = !before.paths().equals(paths);
        boolean changed = !before.endpoint().equals(endpoint) || pathsChanged;
        LOG.atInfo()
                .addKeyValue("node_id", id)
                .addKeyValue("endpoint", endpoint)
                .addKeyValue("nat_type", natType)
                .addKeyValue("changed", changed)
                .addKeyValue("paths_changed", pathsChanged)
                .log("endpoint reported");
        if (changed) {
            EventFormat now = format;
            publishToOthers(
                    id,
                    PEER_ENDPOINT_CHANGED,
                    paths.addTo(Json.peer(node, endpoint, now.peerIdField(), !now.keylessEndpointEvents())));
        }
        return answer;
    }

    /** {@code {"node_id","peers":[Peer…]}} with each peer's last known endpoint, and {@code signing_keys} when signing. */
    synchronized ObjectNode state(String id) throws HttpError {
        existing(id);
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("node_id", id);
        ArrayNode peers = answer.putArray("peers");
        for (NodeDefinition other : nodes.values()) {
            if (!other.id().equals(id)) {
                NodeStatus status = statuses.get(other.id());
                peers.add(status.paths().addTo(Json.peer(other, status.endpoint())));
            }
        }
        keys.ifPresent(k -> answer.set("signing_keys", k.view(clock.instant())));
        return answer;
    }

    /** Records the beat and its body as received; answers what was armed for this node, once, or nothing. */
    HeartbeatAnswer heartbeat(String id, String natEndpoint, String natType, String body) throws HttpError {
        synchronized (this) {
            existing(id);
            statuses.compute(id, (key, status) -> status.withHeartbeat(natEndpoint, natType, clock.instant(), body));
        }
        HeartbeatAnswer answer = Optional.ofNullable(armedAnswers.remove(id)).orElse(HeartbeatAnswer.NOTHING);
        LOG.atDebug()
                .addKeyValue("node_id", id)
                .addKeyValue("endpoint", natEndpoint)
                .addKeyValue("nat_type", natType)
                .addKeyValue("reconcile", answer.reconcile())
                .addKeyValue("rotate_keys", answer.rotateKeys())
                .log("heartbeat");
        return answer;
    }

    /** The node's next heartbeat gets {@code answer}; later ones get nothing again. */
    synchronized void armHeartbeatAnswer(String id, HeartbeatAnswer answer) throws HttpError {
        existing(id);
        armedAnswers.put(id, answer);
        LOG.atInfo()
                .addKeyValue("node_id", id)
                .addKeyValue("reconcile", answer.reconcile())
                .addKeyValue("rotate_keys", answer.rotateKeys())
                .log("heartbeat answer armed");
    }

    void attach(String id, SseStream stream, OptionalLong lastEventId) {
        EventChannel channel;
        synchronized (this) {
            channel = channels.get(id);
        }
        if (channel == null) {
            stream.close();
            return;
        }
        channel.attach(stream, lastEventId);
        LOG.atInfo()
                .addKeyValue("node_id", id)
                .addKeyValue("last_event_id", lastEventId.isPresent() ? Long.toString(lastEventId.getAsLong()) : "")
                .log("event stream opened");
    }

    void keepAlive() {
        channelSnapshot().forEach(EventChannel::keepAlive);
    }

    void closeStreams() {
        channelSnapshot().forEach(EventChannel::closeAll);
    }

    /**
     * Makes {@code next} (or a fresh key) the signing key. Every node first gets a
     * {@code signing_key_rotated} event signed with the old key, naming the new one; every later
     * event is signed with the new key. Answers the event's payload.
     */
    ObjectNode rotateSigningKey(Optional<EventSigner> next, Optional<Duration> transition) throws HttpError {
        SigningKeys signing = keys.orElseThrow(
                () -> new HttpError(409, "events are not signed: start with --signing-key-file to rotate keys"));
        EventSigner newSigner = next.orElseGet(EventSigner::generate);
        Duration grace = requirePositive(transition.orElse(defaultTransition));
        synchronized (publishLock) {
            Instant expires = clock.instant().plus(grace).truncatedTo(ChronoUnit.MILLIS);
            EventSigner old = signing.current();
            ObjectNode payload = Json.MAPPER
                    .createObjectNode()
                    .put("current", newSigner.publicKeyBase64())
                    .put("previous", old.publicKeyBase64())
                    .put("transition_expires", GoTime.format(expires));
            publish(
                    allNodes(),
                    SIGNING_KEY_ROTATED,
                    GoJson.write(payload),
                    SignWith.CURRENT,
                    Optional.empty(),
                    Optional.empty());
            signing.rotate(newSigner, expires);
            LOG.atInfo()
                    .addKeyValue("signing_public_key", newSigner.publicKeyBase64())
                    .addKeyValue("previous_public_key", old.publicKeyBase64())
                    .addKeyValue("transition_expires", GoTime.format(expires))
                    .log("signing key rotated");
            return payload;
        }
    }

    /**
     * Sends one event of any type to one node, its payload kept as given (compacted the Go way).
     * Without a signing key, {@code CURRENT} sends it unsigned, like every other event.
     *
     * @param issuedAt when absent, now
     */
    StoredEvent inject(String id, String type, byte[] payload, SignWith signWith, Optional<OffsetDateTime> issuedAt)
            throws HttpError {
        synchronized (this) {
            existing(id);
        }
        if (signWith == SignWith.PREVIOUS && keys.flatMap(SigningKeys::previous).isEmpty()) {
            throw new HttpError(409, "no previous signing key: rotate the signing key first");
        }
        List<StoredEvent> sent = publish(List.of(id), type, payload, signWith, issuedAt, Optional.empty());
        if (sent.isEmpty()) {
            throw new HttpError(404, "no such node");
        }
        return sent.get(0);
    }

    /** Sends {@code node_state_updated} to the node: its state changed, fetch it. */
    StoredEvent nodeStateUpdated(String id) throws HttpError {
        byte[] payload = GoJson.write(Json.MAPPER.createObjectNode().put("node_id", id));
        return inject(id, NODE_STATE_UPDATED, payload, SignWith.CURRENT, Optional.empty());
    }

    /** Adds a node to the mesh and sends {@code peer_added} to every other node. */
    ObjectNode addPeer(NodeDefinition peer, String endpoint) throws HttpError {
        synchronized (publishLock) {
            synchronized (this) {
                if (nodes.containsKey(peer.id())) {
                    throw new HttpError(409, "peer " + peer.id() + " exists");
                }
                byte[] token = peer.token().getBytes(StandardCharsets.UTF_8);
                for (NodeDefinition node : nodes.values()) {
                    if (MessageDigest.isEqual(token, node.token().getBytes(StandardCharsets.UTF_8))) {
                        throw new HttpError(409, "peer " + peer.id() + " shares its token with another node");
                    }
                }
                nodes.put(peer.id(), peer);
                statuses.put(peer.id(), NodeStatus.INITIAL.withEndpoint(endpoint));
                channels.put(peer.id(), new EventChannel(eventBuffer, ids));
            }
            LOG.atInfo().addKeyValue("peer_id", peer.id()).log("peer added");
            ObjectNode payload = Json.peer(peer, endpoint, format.peerIdField(), true);
            publishToOthers(peer.id(), PEER_ADDED, payload);
            return payload;
        }
    }

    /** Removes a node (its streams end, its token stops working) and sends {@code peer_removed} to the rest. */
    ObjectNode removePeer(String id) throws HttpError {
        synchronized (publishLock) {
            NodeDefinition peer;
            String endpoint;
            EventChannel channel;
            synchronized (this) {
                peer = existing(id);
                endpoint = statuses.remove(id).endpoint();
                nodes.remove(id);
                armedAnswers.remove(id);
                channel = channels.remove(id);
            }
            channel.closeAll();
            LOG.atInfo().addKeyValue("peer_id", id).log("peer removed");
            ObjectNode payload = Json.peer(peer, endpoint, format.peerIdField(), true);
            publishToOthers(id, PEER_REMOVED, payload);
            return payload;
        }
    }

    /** Gives the node a new WireGuard public key and sends {@code peer_key_rotated} (the Peer with the new key). */
    ObjectNode rotatePeerKey(String id, Optional<String> publicKey) throws HttpError {
        String key = publicKey.orElseGet(() -> {
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            return Base64.getEncoder().encodeToString(fresh);
        });
        synchronized (publishLock) {
            NodeDefinition rotated;
            String endpoint;
            PathFields paths;
            synchronized (this) {
                NodeDefinition peer = existing(id);
                try {
                    rotated = new NodeDefinition(id, peer.token(), key, peer.meshIp(), peer.allowedIps());
                } catch (IllegalArgumentException e) {
                    throw new HttpError(400, e.getMessage());
                }
                nodes.put(id, rotated);
                endpoint = statuses.get(id).endpoint();
                paths = statuses.get(id).paths();
            }
            LOG.atInfo().addKeyValue("peer_id", id).log("peer key rotated");
            ObjectNode payload = paths.addTo(Json.peer(rotated, endpoint, format.peerIdField(), true));
            publishToOthers(id, PEER_KEY_ROTATED, payload);
            return payload;
        }
    }

    /** Sets the node's endpoint as the others see it in state and report answers, without any event. */
    synchronized void setEndpoint(String id, String endpoint) throws HttpError {
        existing(id);
        statuses.compute(id, (key, status) -> status.withEndpoint(endpoint));
        LOG.atInfo()
                .addKeyValue("peer_id", id)
                .addKeyValue("endpoint", endpoint)
                .log("endpoint set by admin");
    }

    void eventFormat(EventFormat newFormat) {
        format = Objects.requireNonNull(newFormat, "newFormat");
    }

    EventFormat eventFormat() {
        return format;
    }

    /** Every node with what it reported: {@code {"nodes":[…]}}. Tokens are not part of it. */
    synchronized ObjectNode adminView() {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode list = answer.putArray("nodes");
        for (NodeDefinition node : nodes.values()) {
            NodeStatus status = statuses.get(node.id());
            ObjectNode entry = list.addObject();
            entry.put("id", node.id());
            entry.put("public_endpoint", status.endpoint());
            entry.put("nat_type", status.natType());
            status.paths().addTo(entry);
            entry.put("reports", status.reports());
            entry.put("reported_at", status.reportedAt().map(Instant::toString).orElse(""));
            entry.put("heartbeats", status.heartbeats());
            entry.put(
                    "heartbeat_at", status.heartbeatAt().map(Instant::toString).orElse(""));
            entry.putObject("heartbeat_nat")
                    .put("public_endpoint", status.heartbeatEndpoint())
                    .put("type", status.heartbeatNatType());
            entry.put("event_streams", channels.get(node.id()).openStreams());
            entry.put("public_key", node.publicKey());
            entry.set("last_heartbeat", parsedOrNull(status.lastHeartbeat()));
            entry.put("last_heartbeat_raw", status.lastHeartbeat());
            HeartbeatAnswer armed = armedAnswers.get(node.id());
            if (armed == null) {
                entry.putNull("armed_heartbeat_answer");
            } else {
                entry.set("armed_heartbeat_answer", armed.json());
            }
        }
        keys.ifPresent(k -> answer.set("signing_keys", k.view(clock.instant())));
        answer.putObject("event_format")
                .put("peer_id_field", format.peerIdField())
                .put("keyless_endpoint_events", format.keylessEndpointEvents());
        return answer;
    }

    /** One line per node, {@code id endpoint nat_type reports heartbeats streams}, "-" for empty. */
    synchronized String adminText() {
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

    private NodeDefinition existing(String id) throws HttpError {
        NodeDefinition node = nodes.get(id);
        if (node == null) {
            throw new HttpError(404, "no such node");
        }
        return node;
    }

    private static JsonNode parsedOrNull(String body) {
        if (body.isEmpty()) {
            return Json.MAPPER.nullNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("a stored heartbeat body was checked as JSON when it arrived", e);
        }
    }

    private static String dash(String value) {
        return value.isEmpty() ? "-" : value;
    }

    private static Duration requirePositive(Duration transition) {
        if (transition.isNegative() || transition.isZero()) {
            throw new IllegalArgumentException("the signing-key transition must be positive");
        }
        return transition;
    }

    private synchronized List<EventChannel> channelSnapshot() {
        return new ArrayList<>(channels.values());
    }

    private synchronized List<String> allNodes() {
        return new ArrayList<>(nodes.keySet());
    }

    private void publishToOthers(String aboutId, String type, ObjectNode payload) {
        List<String> others = allNodes();
        others.remove(aboutId);
        publish(others, type, GoJson.write(payload), SignWith.CURRENT, Optional.empty(), Optional.of(aboutId));
    }

    /** Publishes one event per target still present; answers what was sent. */
    private List<StoredEvent> publish(
            List<String> targets,
            String type,
            byte[] payload,
            SignWith signWith,
            Optional<OffsetDateTime> issuedAt,
            Optional<String> aboutPeer) {
        List<StoredEvent> sent = new ArrayList<>();
        synchronized (publishLock) {
            Optional<EventSigner> signer = switch (signWith) {
                case CURRENT -> keys.map(SigningKeys::current);
                case PREVIOUS -> keys.flatMap(SigningKeys::previous);
                case NONE -> Optional.empty();
            };
            if (signWith == SignWith.PREVIOUS && signer.isEmpty()) {
                throw new IllegalStateException("no previous signing key");
            }
            for (String target : targets) {
                EventChannel channel;
                synchronized (this) {
                    channel = channels.get(target);
                }
                if (channel == null) {
                    continue;
                }
                StoredEvent event = channel.publish(id -> envelope(id, type, payload, signer, issuedAt));
                // Logged right after the write and flush: benchmarks time delivery from this line.
                LOG.atInfo()
                        .addKeyValue("event_id", event.id())
                        .addKeyValue("event_type", event.eventType())
                        .addKeyValue("to", target)
                        .addKeyValue("peer_id", aboutPeer.orElse(""))
                        .addKeyValue("sign_with", signWith.wireName())
                        .log("event published");
                sent.add(event);
            }
        }
        return sent;
    }

    /**
     * The event envelope (docs/PROTOCOL.md#signing): Go's {@code json.Marshal} of the five signed
     * fields ({@link EventSigner#canonicalBytes}), then the signature when signing.
     */
    private StoredEvent envelope(
            long id, String type, byte[] payload, Optional<EventSigner> signer, Optional<OffsetDateTime> issuedAt) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        OffsetDateTime at = issuedAt.orElseGet(
                () -> clock.instant().truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC));
        byte[] canonical = EventSigner.canonicalBytes(
                type, Long.toString(id), at, HexFormat.of().formatHex(nonce), payload);
        return new StoredEvent(id, type, Envelope.wire(canonical, signer.map(s -> s.sign(canonical))));
    }
}
