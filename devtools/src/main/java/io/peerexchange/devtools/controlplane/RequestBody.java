package io.peerexchange.devtools.controlplane;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A request's JSON object body: the bytes as received (after gzip) and the parsed tree.
 *
 * @param raw the body bytes, for recording as received and for members whose spelling must be kept
 */
record RequestBody(byte[] raw, JsonNode tree) {
    static final int MAX_BODY = 64 * 1024;

    /** Reads a JSON object body; with {@code emptyIsObject}, an empty body reads as {@code {}}. */
    static RequestBody read(HttpExchange exchange, boolean emptyIsObject) throws HttpError, IOException {
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
        if (emptyIsObject && raw.length == 0) {
            return new RequestBody(raw, Json.MAPPER.createObjectNode());
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
        return new RequestBody(raw, body);
    }

    /** The bytes of a top-level member's value exactly as sent, or empty when the member is missing. */
    Optional<byte[]> rawMember(String name) {
        try (JsonParser parser = Json.MAPPER.createParser(raw)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = parser.currentName().equals(name);
                JsonToken value = parser.nextToken();
                long start = parser.currentTokenLocation().getByteOffset();
                if (value.isStructStart()) {
                    parser.skipChildren();
                } else if (value == JsonToken.VALUE_STRING) {
                    parser.getText();
                }
                if (wanted) {
                    long end = parser.currentLocation().getByteOffset();
                    return Optional.of(Arrays.copyOfRange(raw, (int) start, (int) end));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("the body was parsed once already", e);
        }
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
}
