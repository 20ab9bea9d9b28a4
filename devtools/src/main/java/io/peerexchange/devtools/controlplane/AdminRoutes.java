package io.peerexchange.devtools.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The admin API under {@code /v1/admin/}: what a lab script or test needs to drive the control
 * plane (docs/PROTOCOL.md#reference-control-plane). Like the listing, it needs no token: the
 * reference control plane is a lab fixture.
 */
final class AdminRoutes {
    static final String PREFIX = "/v1/admin/";
    private static final int SEED_LENGTH = 32;

    private final ControlPlaneState state;
    private final SecureRandom random = new SecureRandom();

    AdminRoutes(ControlPlaneState state) {
        this.state = state;
    }

    void route(HttpExchange exchange, String path) throws HttpError, IOException {
        String method = exchange.getRequestMethod();
        String[] parts = path.substring(PREFIX.length()).split("/", -1);
        // Three segments name an action on one node: match them with the id replaced by {id}.
        String route = parts[0] + (parts.length > 2 ? "/{id}/" + parts[2] : parts.length == 2 ? "/" + parts[1] : "");
        String id = parts.length > 1 ? parts[1] : "";
        if (parts.length > 3) {
            throw new HttpError(404, "no such resource");
        }
        switch (route) {
            case "nodes" -> {
                Exchanges.requireMethod(method, "GET");
                if ("format=text".equals(exchange.getRequestURI().getRawQuery())) {
                    Exchanges.respond(
                            exchange,
                            200,
                            state.adminText().getBytes(StandardCharsets.UTF_8),
                            "text/plain; charset=utf-8");
                } else {
                    Exchanges.respondJson(exchange, state.adminView());
                }
            }
            case "signing-key/rotate" -> {
                Exchanges.requireMethod(method, "POST");
                JsonNode body = RequestBody.read(exchange, true).tree();
                Optional<String> transitionText = Exchanges.optionalText(body, "transition");
                Optional<Duration> transition = transitionText.isPresent()
                        ? Optional.of(parse(() -> GoDuration.parse(transitionText.get())))
                        : Optional.empty();
                if (transition.isPresent() && transition.get().isZero()) {
                    throw new HttpError(400, "transition must be positive");
                }
                Optional<String> seed = Exchanges.optionalText(body, "seed");
                Optional<EventSigner> next = seed.isPresent() ? Optional.of(signer(seed.get())) : Optional.empty();
                Exchanges.respondJson(exchange, state.rotateSigningKey(next, transition));
            }
            case "nodes/{id}/events" -> {
                Exchanges.requireMethod(method, "POST");
                RequestBody body = RequestBody.read(exchange, false);
                String type = Exchanges.textField(body.tree(), "event_type");
                if (type.isEmpty()) {
                    throw new HttpError(400, "event_type must not be empty");
                }
                byte[] payload = body.rawMember("payload").orElse("{}".getBytes(StandardCharsets.US_ASCII));
                Optional<String> signWithText = Exchanges.optionalText(body.tree(), "sign_with");
                SignWith signWith =
                        signWithText.isPresent() ? parse(() -> SignWith.parse(signWithText.get())) : SignWith.CURRENT;
                Optional<String> issuedAtText = Exchanges.optionalText(body.tree(), "issued_at");
                Optional<OffsetDateTime> issuedAt = issuedAtText.isPresent()
                        ? Optional.of(parse(() -> GoTime.parse(issuedAtText.get())))
                        : Optional.empty();
                StoredEvent event = state.inject(id, type, payload, signWith, issuedAt);
                Exchanges.respondJson(exchange, eventAnswer(event));
            }
            case "nodes/{id}/node-state-updated" -> {
                Exchanges.requireMethod(method, "POST");
                Exchanges.respondJson(exchange, eventAnswer(state.nodeStateUpdated(id)));
            }
            case "nodes/{id}/heartbeat-answer" -> {
                Exchanges.requireMethod(method, "POST");
                JsonNode body = RequestBody.read(exchange, true).tree();
                HeartbeatAnswer answer = new HeartbeatAnswer(
                        Exchanges.optionalFlag(body, "reconcile"), Exchanges.optionalFlag(body, "rotate_keys"));
                state.armHeartbeatAnswer(id, answer);
                Exchanges.respondJson(exchange, answer.json());
            }
            case "peers" -> {
                Exchanges.requireMethod(method, "POST");
                ObjectNode body = (ObjectNode) RequestBody.read(exchange, false).tree();
                String endpoint =
                        endpoint(Exchanges.optionalText(body, "endpoint").orElse(""));
                if (!body.has("token")) {
                    // A peer only: its token is random and never shown, so nobody can act as it.
                    byte[] token = new byte[16];
                    random.nextBytes(token);
                    body.put("token", HexFormat.of().formatHex(token));
                }
                NodeDefinition peer = parse(() -> NodeDefinitions.definition(body));
                Exchanges.respondJson(exchange, state.addPeer(peer, endpoint));
            }
            case "event-format" -> {
                Exchanges.requireMethod(method, "PUT");
                JsonNode body = RequestBody.read(exchange, false).tree();
                EventFormat current = state.eventFormat();
                String idField = Exchanges.optionalText(body, "peer_id_field").orElse(current.peerIdField());
                boolean keyless = body.has("keyless_endpoint_events")
                        ? Exchanges.optionalFlag(body, "keyless_endpoint_events")
                        : current.keylessEndpointEvents();
                EventFormat format = parse(() -> new EventFormat(idField, keyless));
                state.eventFormat(format);
                Exchanges.respondJson(
                        exchange,
                        Json.MAPPER
                                .createObjectNode()
                                .put("peer_id_field", format.peerIdField())
                                .put("keyless_endpoint_events", format.keylessEndpointEvents()));
            }
            default -> peerRoutes(exchange, method, parts);
        }
    }

    /** {@code DELETE peers/{id}}, {@code POST peers/{id}/rotate-key}, {@code PUT peers/{id}/endpoint}. */
    private void peerRoutes(HttpExchange exchange, String method, String[] parts) throws HttpError, IOException {
        if (parts.length < 2 || !parts[0].equals("peers") || parts[1].isEmpty()) {
            throw new HttpError(404, "no such resource");
        }
        String id = parts[1];
        String action = parts.length == 3 ? parts[2] : "";
        switch (action) {
            case "" -> {
                Exchanges.requireMethod(method, "DELETE");
                Exchanges.respondJson(exchange, state.removePeer(id));
            }
            case "rotate-key" -> {
                Exchanges.requireMethod(method, "POST");
                JsonNode body = RequestBody.read(exchange, true).tree();
                Exchanges.respondJson(exchange, state.rotatePeerKey(id, Exchanges.optionalText(body, "public_key")));
            }
            case "endpoint" -> {
                Exchanges.requireMethod(method, "PUT");
                JsonNode body = RequestBody.read(exchange, false).tree();
                String endpoint = endpoint(Exchanges.textField(body, "endpoint"));
                state.setEndpoint(id, endpoint);
                Exchanges.respondJson(
                        exchange, Json.MAPPER.createObjectNode().put("id", id).put("endpoint", endpoint));
            }
            default -> throw new HttpError(404, "no such resource");
        }
    }

    private static ObjectNode eventAnswer(StoredEvent event) {
        return Json.MAPPER
                .createObjectNode()
                .put("event_id", Long.toString(event.id()))
                .put("event_type", event.eventType());
    }

    private static String endpoint(String text) throws HttpError {
        if (!text.isEmpty() && !EndpointLiteral.isValid(text)) {
            throw new HttpError(400, "endpoint must be empty or an IP literal with a port, e.g. 203.0.113.5:51820");
        }
        return text;
    }

    /** A seed given to the rotation: base64 of 32 bytes. Errors never echo it. */
    private static EventSigner signer(String seed) throws HttpError {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(seed);
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != SEED_LENGTH) {
            throw new HttpError(400, "seed must be base64 of " + SEED_LENGTH + " bytes");
        }
        return EventSigner.fromSeed(bytes);
    }

    /** Runs a parser whose {@link IllegalArgumentException} is the client's fault: a 400. */
    private static <T> T parse(Supplier<T> parser) throws HttpError {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, e.getMessage());
        }
    }
}
