package io.peerexchange.devtools.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * The HTTP face of {@link ControlPlaneState}: routes, bearer-token checks, body limits and error
 * answers ({@code {"error":"…"}}). The admin API ({@link AdminRoutes}) needs no token: it is a lab fixture.
 */
final class ApiHandler implements HttpHandler {
    static final int MAX_BODY = RequestBody.MAX_BODY;
    private static final ComponentLogger LOG = ComponentLogger.of(ApiHandler.class, Component.CONTROLPLANE);
    private static final String NODES = "/v1/nodes/";

    private final ControlPlaneState state;
    private final AdminRoutes admin;

    ApiHandler(ControlPlaneState state) {
        this.state = state;
        this.admin = new AdminRoutes(state);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (HttpError e) {
            LOG.atInfo()
                    .addKeyValue("method", exchange.getRequestMethod())
                    .addKeyValue("path", exchange.getRequestURI().getRawPath())
                    .addKeyValue("status", e.status())
                    .addKeyValue("error", e.getMessage())
                    .log("request refused");
            if (e.status() == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            }
            respond(exchange, e.status(), Json.bytes(Json.error(e.getMessage())), "application/json");
        } catch (RuntimeException e) {
            LOG.atError()
                    .addKeyValue("path", exchange.getRequestURI().getRawPath())
                    .setCause(e)
                    .log("request failed");
            respond(exchange, 500, Json.bytes(Json.error("internal error")), "application/json");
        }
    }

    private void route(HttpExchange exchange) throws HttpError, IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        if (path.startsWith(AdminRoutes.PREFIX)) {
            admin.route(exchange, path);
            return;
        }
        if (!path.startsWith(NODES)) {
            throw new HttpError(404, "no such resource");
        }
        String[] parts = path.substring(NODES.length()).split("/", -1);
        if (parts.length != 2) {
            throw new HttpError(404, "no such resource");
        }
        String id = authorize(exchange, parts[0]);
        switch (parts[1]) {
            case "endpoint" -> {
                requireMethod(method, "PUT");
                JsonNode body = RequestBody.read(exchange, false).tree();
                String endpoint = Exchanges.textField(body, "public_endpoint");
                String natType = Exchanges.textField(body, "nat_type");
                if (!EndpointLiteral.isValid(endpoint)) {
                    throw new HttpError(
                            400, "public_endpoint must be an IP literal with a port, e.g. 203.0.113.5:51820");
                }
                if (!EndpointLiteral.NAT_TYPES.contains(natType)) {
                    throw new HttpError(400, "nat_type must be one of none, full_cone, symmetric, unknown");
                }
                PathFields paths = PathFields.of(body);
                respond(exchange, 200, Json.bytes(state.report(id, endpoint, natType, paths)), "application/json");
            }
            case "state" -> {
                requireMethod(method, "GET");
                respond(exchange, 200, Json.bytes(state.state(id)), "application/json");
            }
            case "heartbeat" -> {
                requireMethod(method, "POST");
                RequestBody request = RequestBody.read(exchange, false);
                JsonNode body = request.tree();
                JsonNode bodyId = body.get("node_id");
                if (bodyId != null && !bodyId.asText().equals(id)) {
                    throw new HttpError(400, "node_id in the body does not match the path");
                }
                JsonNode nat = body.path("nat");
                HeartbeatAnswer answer = state.heartbeat(
                        id,
                        nat.path("public_endpoint").asText(""),
                        nat.path("type").asText(""),
                        new String(request.raw(), StandardCharsets.UTF_8));
                respond(exchange, 200, Json.bytes(answer.json()), "application/json");
            }
            case "events" -> {
                requireMethod(method, "GET");
                openStream(exchange, id);
            }
            default -> throw new HttpError(404, "no such resource");
        }
    }

    /** Answers 401 for a missing or unknown token, 404 for an unknown node, 403 for another node's token. */
    private String authorize(HttpExchange exchange, String id) throws HttpError {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new HttpError(401, "missing bearer token");
        }
        NodeDefinition caller = state.byToken(header.substring(7).strip())
                .orElseThrow(() -> new HttpError(401, "unknown bearer token"));
        if (state.node(id).isEmpty()) {
            throw new HttpError(404, "no such node");
        }
        if (!caller.id().equals(id)) {
            throw new HttpError(403, "token does not belong to this node");
        }
        return id;
    }

    private void openStream(HttpExchange exchange, String id) throws IOException {
        OptionalLong lastEventId = OptionalLong.empty();
        String last = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        if (last != null && last.strip().matches("\\d{1,18}")) {
            lastEventId = OptionalLong.of(Long.parseLong(last.strip()));
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        SseStream stream = new SseStream(exchange);
        // A comment first, so the client sees bytes (and its idle timer starts) at once.
        if (stream.write(": connected\n\n")) {
            state.attach(id, stream, lastEventId);
        }
    }

    private static void requireMethod(String method, String expected) throws HttpError {
        Exchanges.requireMethod(method, expected);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        Exchanges.respond(exchange, status, body, contentType);
    }
}
