package io.peerexchange.devtools.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/** Answering and checking requests, shared by the node API and the admin API. */
final class Exchanges {
    private Exchanges() {}

    static String textField(JsonNode body, String field) throws HttpError {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw new HttpError(400, "field " + field + " must be a string");
        }
        return value.textValue();
    }

    /** A member that may be missing or null; present, it must be a string. */
    static Optional<String> optionalText(JsonNode body, String field) throws HttpError {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new HttpError(400, "field " + field + " must be a string");
        }
        return Optional.of(value.textValue());
    }

    /** A member that may be missing or null (then false); present, it must be a boolean. */
    static boolean optionalFlag(JsonNode body, String field) throws HttpError {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new HttpError(400, "field " + field + " must be a boolean");
        }
        return value.booleanValue();
    }

    static void requireMethod(String method, String expected) throws HttpError {
        if (!method.equals(expected)) {
            throw new HttpError(405, "method " + method + " not allowed here; use " + expected);
        }
    }

    static void respond(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static void respondJson(HttpExchange exchange, Object tree) throws IOException {
        respond(exchange, 200, Json.bytes(tree), "application/json");
    }
}
