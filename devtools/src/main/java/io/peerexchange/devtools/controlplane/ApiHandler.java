package io.peerexchange.devtools.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The HTTP face of {@link ControlPlaneState}: routes, bearer-token checks, body limits and error
 * answers ({@code {"error":"…"}}). The admin listing needs no token: it is a lab fixture.
 */
final class ApiHandler implements HttpHandler {
    static final int MAX_BODY = 64 * 1024;
    private static final ComponentLogger LOG = ComponentLogger.of(ApiHandler.class, Component.CONTROLPLANE);
    private static final String NODES = "/v1/nodes/";

    private final ControlPlaneState state;

    ApiHandler(ControlPlaneState state) {
        this.state = state;
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
        if (path.equals("/v1/admin/nodes")) {
            requireMethod(method, "GET");
            String query = exchange.getRequestURI().getRawQuery();
            if ("format=text".equals(query)) {
                respond(exchange, 200, state.adminText().getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
            } else {
                respond(exchange, 200, Json.bytes(state.adminView()), "application/json");
            }
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
                JsonNode body = readJson(exchange);
                String endpoint = textField(body, "public_endpoint");
                String natType = textField(body, "nat_type");
                if (!EndpointLiteral.isValid(endpoint)) {
                    throw new HttpError(
                            400, "public_endpoint must be an IP literal with a port, e.g. 203.0.113.5:51820");
                }
                if (!EndpointLiteral.NAT_TYPES.contains(natType)) {
                    throw new HttpError(400, "nat_type must be one of none, full_cone, symmetric, unknown");
                }
                respond(exchange, 200, Json.bytes(state.report(id, endpoint, natType)), "application/json");
            }
            case "state" -> {
                requireMethod(method, "GET");
                respond(exchange, 200, Json.bytes(state.state(id)), "application/json");
            }
            case "heartbeat" -> {
                requireMethod(method, "POST");
                JsonNode body = readJson(exchange);
                JsonNode bodyId = body.get("node_id");
                if (bodyId != null && !bodyId.asText().equals(id)) {
                    throw new HttpError(400, "node_id in the body does not match the path");
                }
                JsonNode nat = body.path("nat");
                state.heartbeat(
                        id,
                        nat.path("public_endpoint").asText(""),
                        nat.path("type").asText(""));
                respond(
                        exchange,
                        200,
                        "{\"reconcile\":false,\"rotate_keys\":false}".getBytes(StandardCharsets.UTF_8),
                        "application/json");
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

    private static JsonNode readJson(HttpExchange exchange) throws HttpError, IOException {
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = readCapped(in);
        }
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                raw = readCapped(in);
            } catch (ZipException e) {
                throw new HttpError(400, "body is not valid gzip");
            }
        } else if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
            throw new HttpError(415, "unsupported Content-Encoding");
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            throw new HttpError(400, "body is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            throw new HttpError(400, "body must be a JSON object");
        }
        return body;
    }

    private static byte[] readCapped(InputStream in) throws HttpError, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BODY) {
                throw new HttpError(413, "body larger than " + MAX_BODY + " bytes");
            }
        }
        return out.toByteArray();
    }

    private static String textField(JsonNode body, String field) throws HttpError {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw new HttpError(400, "field " + field + " must be a string");
        }
        return value.textValue();
    }

    private static void requireMethod(String method, String expected) throws HttpError {
        if (!method.equals(expected)) {
            throw new HttpError(405, "method " + method + " not allowed here; use " + expected);
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
