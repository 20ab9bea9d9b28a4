package io.peerexchange.adapters.controlplane.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerexchange.adapters.controlplane.gojson.GoDuration;
import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointReport;
import io.peerexchange.ports.EndpointResponse;
import io.peerexchange.ports.Heartbeat;
import io.peerexchange.ports.HeartbeatResponse;
import io.peerexchange.ports.IceCredentials;
import io.peerexchange.ports.Limits;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.PresharedKey;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.ByteArrayOutputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every JSON document of the protocol, both ways. Answers are read as a stream, one array element
 * at a time, so a long peer list never exists twice in memory; nesting depth, string and number
 * lengths are capped by Jackson's read constraints. Error messages name the place, never the
 * input: a malformed peer may carry a preshared key.
 */
public final class WireJson {
    private static final ComponentLogger LOG = ComponentLogger.of(WireJson.class, Component.CONTROLPLANE);

    static final int MAX_NESTING_DEPTH = 32;
    static final int MAX_STRING_LENGTH = 1 << 20;
    static final int MAX_NUMBER_LENGTH = 64;
    static final int MAX_NAME_LENGTH = 1024;
    static final int MAX_TEXT_FIELD = 4096;
    static final int MAX_ALLOWED_IP_LENGTH = 64;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .build())
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private WireJson() {}

    // ---- requests -------------------------------------------------------------------------

    public static byte[] endpointReport(EndpointReport report) {
        ObjectNode body = JsonTrees.objectNode();
        body.put("public_endpoint", report.publicEndpoint().toString());
        body.put("nat_type", report.natType().wireName());
        // A seed-protocol report (Connectivity.NONE) stays byte-identical: neither field appears.
        Connectivity connectivity = report.connectivity();
        if (!connectivity.candidates().isEmpty()) {
            var list = body.putArray("candidates");
            for (Candidate candidate : connectivity.candidates()) {
                ObjectNode entry = list.addObject();
                entry.put("endpoint", candidate.endpoint().toString());
                entry.put("kind", candidate.kind().wireName());
            }
        }
        connectivity.ice().ifPresent(ice -> {
            ObjectNode iceNode = body.putObject("ice");
            iceNode.put("ufrag", ice.ufrag());
            iceNode.put("pwd", ice.pwd());
        });
        return bytes(body);
    }

    /**
     * plexd's {@code HeartbeatRequest}: {@code node_id}, {@code timestamp} (RFC 3339), {@code status},
     * {@code uptime} (a Go duration string), {@code binary_version}, {@code binary_checksum}, and {@code
     * nat} once a discovery has run.
     */
    public static byte[] heartbeat(Heartbeat heartbeat) {
        ObjectNode body = JsonTrees.objectNode();
        body.put("node_id", heartbeat.nodeId().value());
        body.put(
                "timestamp",
                DateTimeFormatter.ISO_INSTANT.format(heartbeat.timestamp().truncatedTo(ChronoUnit.SECONDS)));
        body.put("status", heartbeat.status());
        body.put("uptime", GoDuration.format(heartbeat.uptime()));
        body.put("binary_version", heartbeat.binaryVersion());
        body.put("binary_checksum", heartbeat.binaryChecksum());
        heartbeat.nat().ifPresent(nat -> {
            ObjectNode natNode = body.putObject("nat");
            natNode.put("public_endpoint", nat.publicEndpoint().toString());
            natNode.put("type", nat.type().wireName());
        });
        return bytes(body);
    }

    // ---- answers --------------------------------------------------------------------------

    /** {@code {"peer_endpoints":[{"peer_id","endpoint"}…]}}; invalid entries are dropped with a warning. */
    public static EndpointResponse endpointResponse(InputStream in) throws IOException, MalformedJsonException {
        List<PeerEndpoint> peers = new ArrayList<>();
        readArrayField(in, "peer_endpoints", node -> {
            try {
                peers.add(peerEndpoint(node));
            } catch (MalformedJsonException e) {
                warnDropped(node, "peer_id", e);
            }
        });
        return new EndpointResponse(peers);
    }

    /** {@code {"peers":[Peer…], …}}; invalid peers are dropped with a warning, other fields ignored. */
    public static List<Peer> nodeState(InputStream in) throws IOException, MalformedJsonException {
        return fullNodeState(in).peers();
    }

    /**
     * {@code {"peers":[Peer…], "signing_keys":{…}, …}}: invalid peers are dropped with a warning, an
     * invalid {@code signing_keys} object likewise (the verifier keeps its keys), other fields ignored.
     */
    public static NodeState fullNodeState(InputStream in) throws IOException, MalformedJsonException {
        List<Peer> peers = new ArrayList<>();
        AtomicReference<SigningKeys> keys = new AtomicReference<>();
        readFields(
                in,
                "peers",
                node -> {
                    try {
                        peers.add(peer(node));
                    } catch (MalformedJsonException e) {
                        warnDropped(node, "id", e);
                    }
                },
                "signing_keys",
                node -> {
                    if (node.isNull()) {
                        return;
                    }
                    try {
                        keys.set(signingKeys(node));
                    } catch (MalformedJsonException e) {
                        LOG.atWarn()
                                .addKeyValue("error", e.getMessage())
                                .log("ignoring invalid signing_keys in the node state");
                    }
                });
        return new NodeState(peers, Optional.ofNullable(keys.get()));
    }

    /** {@code {"current","previous","transition_expires"}}: base64 keys, an RFC 3339 deadline. */
    public static SigningKeys signingKeys(JsonNode node) throws MalformedJsonException {
        if (!node.isObject()) {
            throw new MalformedJsonException("signing keys are not a JSON object");
        }
        String current = requiredText(node, "current", "signing keys");
        Optional<String> previous =
                optionalText(node, "previous", "signing keys").filter(t -> !t.isEmpty());
        Optional<String> deadline =
                optionalText(node, "transition_expires", "signing keys").filter(t -> !t.isEmpty());
        Optional<Instant> expires = Optional.empty();
        if (deadline.isPresent()) {
            try {
                expires = Optional.of(OffsetDateTime.parse(deadline.get(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant());
            } catch (DateTimeParseException e) {
                throw new MalformedJsonException("signing keys field transition_expires is not an RFC 3339 time");
            }
        }
        if (previous.isPresent() && expires.isEmpty()) {
            throw new MalformedJsonException("signing keys name a previous key without transition_expires");
        }
        return new SigningKeys(current, previous, expires);
    }

    public static HeartbeatResponse heartbeatResponse(InputStream in) throws IOException, MalformedJsonException {
        JsonNode root = readDocument(in);
        return new HeartbeatResponse(flag(root, "reconcile"), flag(root, "rotate_keys"));
    }

    /**
     * One SSE {@code data} field: the event envelope. The payload's text is kept as received, for the
     * signature check.
     */
    public static EventEnvelope envelope(String data) throws MalformedJsonException {
        ObjectNode root = JsonTrees.objectNode();
        String rawPayload = "null";
        try (JsonParser parser = JSON.createParser(data)) {
            String[] payloadText = {"null"};
            forEachField(parser, "event data", (name, value) -> {
                long start = parser.currentTokenLocation().getCharOffset();
                JsonNode node = JsonTrees.read(parser);
                if (name.equals("payload")) {
                    payloadText[0] = rawValue(data, start, parser, value);
                }
                root.set(name, node);
            });
            rawPayload = payloadText[0];
            if (parser.nextToken() != null) {
                throw new MalformedJsonException("event data has content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (NumberFormatException e) {
            throw numberOutOfRange();
        } catch (IOException e) {
            throw new MalformedJsonException("event data could not be read");
        }
        String type = requiredText(root, "event_type", "event");
        String id = requiredText(root, "event_id", "event");
        JsonNode payload = root.get("payload");
        return new EventEnvelope(
                type,
                id,
                optionalText(root, "issued_at", "event"),
                optionalText(root, "nonce", "event"),
                payload == null ? NullNode.getInstance() : payload,
                rawPayload,
                optionalText(root, "signature", "event"));
    }

    /**
     * The text of the value the parser has just read, from its first character to its last. Objects,
     * arrays, strings and literals end at their last token; a number is cut where its digits end.
     */
    private static String rawValue(String data, long start, JsonParser parser, JsonToken first)
            throws MalformedJsonException {
        long end = parser.currentLocation().getCharOffset();
        if (start < 0 || end > data.length() || end <= start) {
            throw new MalformedJsonException("event payload could not be located");
        }
        String raw = data.substring((int) start, (int) end);
        if (first == JsonToken.VALUE_NUMBER_INT || first == JsonToken.VALUE_NUMBER_FLOAT) {
            int cut = 0;
            while (cut < raw.length() && "+-0123456789.eE".indexOf(raw.charAt(cut)) >= 0) {
                cut++;
            }
            raw = raw.substring(0, cut);
        }
        return raw;
    }

    /**
     * The peer of a {@code peer_endpoint_changed}, {@code peer_added}, {@code peer_removed} or {@code
     * peer_key_rotated} payload: the payload is the Peer object itself, or wraps it as {@code
     * {"peer":{…}}}; the peer is named by {@code id} or {@code peer_id}, and may come without a key
     * ({@code {"id", "endpoint"}}).
     */
    public static PayloadPeer payloadPeer(JsonNode payload) throws MalformedJsonException {
        JsonNode node = payload;
        if (payload.isObject()
                && payload.get("peer") != null
                && payload.get("peer").isObject()) {
            node = payload.get("peer");
        }
        if (!node.isObject()) {
            throw new MalformedJsonException("peer is not a JSON object");
        }
        if (optionalText(node, "public_key", "peer").filter(t -> !t.isEmpty()).isPresent()) {
            Peer peer = peer(node);
            return new PayloadPeer(peer.id(), Optional.of(peer), peer.endpoint(), peer.connectivity());
        }
        NodeId id = peerId(node);
        return new PayloadPeer(id, Optional.empty(), lenientEndpoint(node, id), connectivity(node, id));
    }

    /** The peer of a payload that must carry its key. */
    public static Peer peerPayload(JsonNode payload) throws MalformedJsonException {
        return payloadPeer(payload)
                .peer()
                .orElseThrow(() -> new MalformedJsonException("peer field public_key is missing or empty"));
    }

    /**
     * One Peer object. Its id ({@code id} or {@code peer_id}) and key must be valid, or the peer is
     * dropped; a bad {@code endpoint}, {@code psk} or {@code allowed_ips} entry is dropped alone, with a
     * warning naming the peer and the field, so that the id → key mapping survives it.
     */
    static Peer peer(JsonNode node) throws MalformedJsonException {
        if (!node.isObject()) {
            throw new MalformedJsonException("peer is not a JSON object");
        }
        NodeId id = peerId(node);
        WireGuardKey publicKey =
                value("public_key", () -> WireGuardKey.fromBase64(requiredText(node, "public_key", "peer")));
        Optional<String> meshIp = lenient(id, "mesh_ip", () -> optionalText(node, "mesh_ip", "peer"))
                .flatMap(o -> o)
                .filter(s -> !s.isEmpty());
        Optional<Endpoint> endpoint = lenientEndpoint(node, id);
        List<String> allowedIps = new ArrayList<>();
        JsonNode allowed = node.get("allowed_ips");
        if (allowed != null && !allowed.isNull()) {
            if (!allowed.isArray()) {
                warnField(id, "allowed_ips", "peer field allowed_ips must be an array of strings");
            } else {
                for (JsonNode entry : allowed) {
                    if (!entry.isTextual() || entry.textValue().length() > MAX_ALLOWED_IP_LENGTH) {
                        warnField(id, "allowed_ips", "an allowed_ips entry is not a short string");
                        continue;
                    }
                    allowedIps.add(entry.textValue());
                }
            }
        }
        Optional<PresharedKey> psk = lenient(id, "psk", () -> {
                    Optional<String> text = optionalText(node, "psk", "peer").filter(s -> !s.isEmpty());
                    return text.isEmpty()
                            ? Optional.<PresharedKey>empty()
                            : Optional.of(value("psk", () -> PresharedKey.fromBase64(text.get())));
                })
                .flatMap(o -> o);
        return new Peer(id, publicKey, meshIp, endpoint, allowedIps, psk, connectivity(node, id));
    }

    /**
     * A node's {@code candidates} and {@code ice} (docs/PROTOCOL.md#candidates). A malformed candidate
     * entry is dropped alone; a {@code candidates} that is no array or lists more than {@link
     * Limits#MAX_CANDIDATES} entries is dropped as a field, as is a malformed {@code ice}; each drop
     * warns naming the peer and the field, never the password.
     */
    static Connectivity connectivity(JsonNode node, NodeId id) {
        List<Candidate> candidates = new ArrayList<>();
        JsonNode list = node.get("candidates");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                warnField(id, "candidates", "peer field candidates must be an array of objects");
            } else if (list.size() > Limits.MAX_CANDIDATES) {
                warnField(
                        id,
                        "candidates",
                        "peer field candidates lists more than " + Limits.MAX_CANDIDATES + " candidates");
            } else {
                for (JsonNode entry : list) {
                    lenient(id, "candidates", () -> candidate(entry)).ifPresent(candidates::add);
                }
            }
        }
        Optional<IceCredentials> ice = Optional.empty();
        JsonNode iceNode = node.get("ice");
        if (iceNode != null && !iceNode.isNull()) {
            ice = lenient(id, "ice", () -> ice(iceNode));
        }
        return candidates.isEmpty() && ice.isEmpty() ? Connectivity.NONE : new Connectivity(candidates, ice);
    }

    private static Candidate candidate(JsonNode entry) throws MalformedJsonException {
        if (!entry.isObject()) {
            throw new MalformedJsonException("a candidates entry is not a JSON object");
        }
        Endpoint endpoint =
                value("candidate endpoint", () -> Endpoint.parse(requiredText(entry, "endpoint", "candidate")));
        CandidateKind kind =
                value("candidate kind", () -> CandidateKind.fromWire(requiredText(entry, "kind", "candidate")));
        return new Candidate(endpoint, kind);
    }

    private static IceCredentials ice(JsonNode node) throws MalformedJsonException {
        if (!node.isObject()) {
            throw new MalformedJsonException("peer field ice is not a JSON object");
        }
        String ufrag = requiredText(node, "ufrag", "ice");
        String pwd = requiredText(node, "pwd", "ice");
        return value("ice", () -> IceCredentials.of(ufrag, pwd));
    }

    private static NodeId peerId(JsonNode node) throws MalformedJsonException {
        String field =
                optionalText(node, "id", "peer").filter(t -> !t.isEmpty()).isPresent() ? "id" : "peer_id";
        return value("peer id", () -> new NodeId(requiredText(node, field, "peer")));
    }

    private static Optional<Endpoint> lenientEndpoint(JsonNode node, NodeId id) {
        return lenient(id, "endpoint", () -> optionalEndpoint(node, "endpoint", "peer"))
                .flatMap(o -> o);
    }

    /** The field's value, or empty (and one warning naming peer and field) when it is malformed. */
    private static <T> Optional<T> lenient(NodeId id, String field, Decoder<T> decoder) {
        try {
            return Optional.of(decoder.decode());
        } catch (MalformedJsonException e) {
            warnField(id, field, e.getMessage());
            return Optional.empty();
        }
    }

    private static void warnField(NodeId id, String field, String error) {
        LOG.atWarn()
                .addKeyValue("peer_id", id.value())
                .addKeyValue("field", field)
                .addKeyValue("error", error)
                .log("dropping an invalid field of a peer; the peer is kept");
    }

    // ---- helpers --------------------------------------------------------------------------

    @FunctionalInterface
    private interface ElementSink {
        void accept(JsonNode element);
    }

    @FunctionalInterface
    private interface FieldReader {
        /** Reads (or skips) the value of field {@code name}, whose first token the parser is on. */
        void read(String name, JsonToken first) throws IOException, MalformedJsonException;
    }

    /** Walks the fields of the top-level object the parser starts on, to its closing brace. */
    private static void forEachField(JsonParser parser, String what, FieldReader reader)
            throws IOException, MalformedJsonException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new MalformedJsonException(what + " is not a JSON object");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            reader.read(name, parser.nextToken());
        }
    }

    @FunctionalInterface
    private interface Decoder<T> {
        T decode() throws MalformedJsonException;
    }

    /**
     * Streams a top-level object, hands each element of {@code field}'s array to the sink and skips
     * every other field. A missing or null array counts as empty, as the Go agent read it.
     */
    private static void readArrayField(InputStream in, String field, ElementSink sink)
            throws IOException, MalformedJsonException {
        readFields(in, field, sink, null, null);
    }

    /**
     * {@link #readArrayField}, and also hands the value of {@code objectField} (when not null) to
     * {@code objectSink}.
     */
    private static void readFields(
            InputStream in, String field, ElementSink sink, String objectField, ElementSink objectSink)
            throws IOException, MalformedJsonException {
        answer(() -> {
            try (JsonParser parser = JSON.createParser(in)) {
                forEachField(parser, "answer", (name, value) -> {
                    if (name.equals(field) && value == JsonToken.START_ARRAY) {
                        int count = 0;
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            if (++count > Limits.MAX_PEERS) {
                                throw new MalformedJsonException(
                                        "answer field " + field + " lists more than " + Limits.MAX_PEERS + " peers");
                            }
                            sink.accept(JsonTrees.read(parser));
                        }
                    } else if (name.equals(field) && value != JsonToken.VALUE_NULL) {
                        throw new MalformedJsonException("answer field " + field + " is not an array");
                    } else if (name.equals(objectField)) {
                        objectSink.accept(JsonTrees.read(parser));
                    } else {
                        parser.skipChildren();
                    }
                });
                expectEnd(parser);
            }
            return null;
        });
    }

    private static JsonNode readDocument(InputStream in) throws IOException, MalformedJsonException {
        return answer(() -> {
            try (JsonParser parser = JSON.createParser(in)) {
                JsonNode root = JsonTrees.read(parser);
                if (root == null || !root.isObject()) {
                    throw new MalformedJsonException("answer is not a JSON object");
                }
                expectEnd(parser);
                return root;
            }
        });
    }

    @FunctionalInterface
    private interface AnswerRead<T> {
        T read() throws IOException, MalformedJsonException;
    }

    /** Reads an answer, with Jackson's failures turned into malformed answers (not network errors). */
    private static <T> T answer(AnswerRead<T> read) throws IOException, MalformedJsonException {
        try {
            return read.read();
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (CharConversionException e) {
            throw notUnicode();
        } catch (NumberFormatException e) {
            throw numberOutOfRange();
        }
    }

    /**
     * Jackson throws a bare NumberFormatException for a float whose exponent does not fit a BigDecimal:
     * unchecked, it would end the calling loop.
     */
    private static MalformedJsonException numberOutOfRange() {
        return new MalformedJsonException("JSON number out of range");
    }

    /**
     * Jackson reports undecodable UTF-32 as a plain {@link CharConversionException}, not as a parse error;
     * the body did arrive whole, so it is a malformed answer, not a network failure.
     */
    private static MalformedJsonException notUnicode() {
        return new MalformedJsonException("answer is not valid UTF-8, UTF-16 or UTF-32 text");
    }

    private static void expectEnd(JsonParser parser) throws IOException, MalformedJsonException {
        // Reading to the end also proves the body is fully consumed, so the connection can be reused.
        if (parser.nextToken() != null) {
            throw new MalformedJsonException("answer has content after the JSON object");
        }
    }

    private static PeerEndpoint peerEndpoint(JsonNode node) throws MalformedJsonException {
        if (!node.isObject()) {
            throw new MalformedJsonException("peer endpoint entry is not a JSON object");
        }
        NodeId id = value("peer_id", () -> new NodeId(requiredText(node, "peer_id", "peer endpoint")));
        return new PeerEndpoint(id, optionalEndpoint(node, "endpoint", "peer endpoint"), connectivity(node, id));
    }

    private static Optional<Endpoint> optionalEndpoint(JsonNode node, String field, String what)
            throws MalformedJsonException {
        Optional<String> text = optionalText(node, field, what);
        if (text.isEmpty() || text.get().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(value(field, () -> Endpoint.parse(text.get())));
    }

    private static <T> T value(String what, Decoder<T> decoder) throws MalformedJsonException {
        try {
            return decoder.decode();
        } catch (IllegalArgumentException e) {
            // The ports' messages quote at most a short, sanitised prefix and never a key.
            throw new MalformedJsonException(what + ": " + e.getMessage());
        }
    }

    private static String requiredText(JsonNode node, String field, String what) throws MalformedJsonException {
        return optionalText(node, field, what)
                .filter(s -> !s.isEmpty())
                .orElseThrow(() -> new MalformedJsonException(what + " field " + field + " is missing or empty"));
    }

    private static Optional<String> optionalText(JsonNode node, String field, String what)
            throws MalformedJsonException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new MalformedJsonException(what + " field " + field + " must be a string");
        }
        if (value.textValue().length() > MAX_TEXT_FIELD) {
            throw new MalformedJsonException(what + " field " + field + " is longer than " + MAX_TEXT_FIELD);
        }
        return Optional.of(value.textValue());
    }

    private static boolean flag(JsonNode root, String field) throws MalformedJsonException {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new MalformedJsonException("answer field " + field + " must be true or false");
        }
        return value.booleanValue();
    }

    private static void warnDropped(JsonNode node, String idField, MalformedJsonException e) {
        String peerId = "";
        JsonNode id = node.isObject() ? node.get(idField) : null;
        if (id != null && id.isTextual()) {
            try {
                peerId = new NodeId(id.textValue()).value();
            } catch (IllegalArgumentException invalid) {
                peerId = "";
            }
        }
        LOG.atWarn()
                .addKeyValue("peer_id", peerId)
                .addKeyValue("error", e.getMessage())
                .log("dropping invalid peer entry from control-plane answer");
    }

    private static MalformedJsonException malformed(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return new MalformedJsonException("JSON exceeds a limit: " + e.getOriginalMessage());
        }
        // Jackson's own message may quote the offending text, so only its position is kept.
        JsonLocation at = e.getLocation();
        return new MalformedJsonException(
                at == null
                        ? "malformed JSON"
                        : "malformed JSON at line " + at.getLineNr() + " column " + at.getColumnNr());
    }

    private static byte[] bytes(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            JsonTrees.write(node, generator);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
        return out.toByteArray();
    }
}
