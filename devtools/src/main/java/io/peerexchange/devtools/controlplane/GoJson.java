package io.peerexchange.devtools.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerexchange.ports.json.JsonStrings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON written the way Go's {@code encoding/json.Marshal} writes it (docs/PROTOCOL.md#signing), so
 * that a plexd-style verifier, which re-marshals what it received, gets the bytes that were signed:
 * compact; {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped; other non-ASCII as raw UTF-8;
 * strings as {@link JsonStrings.Dialect#GO} writes them (Go 1.22 and later).
 */
public final class GoJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoJson() {}

    /** A JSON string literal, quotes included, as Go writes it. */
    public static String string(String value) {
        return JsonStrings.quote(value, JsonStrings.Dialect.GO);
    }

    /**
     * A parsed tree as Go marshals the equivalent {@code map}/slice/float64 values, member order kept.
     * A number held as a decimal (Jackson's {@code BigDecimal} or {@code double}) is written as Go
     * writes a float64, so a spelling such as {@code 1.0} or {@code 2.50} becomes {@code 1} or
     * {@code 2.5}: a payload whose spelling matters must go through {@link #compact(byte[])} instead.
     */
    public static byte[] write(JsonNode tree) {
        StringBuilder out = new StringBuilder();
        write(tree, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Raw JSON bytes as Go marshals a {@code json.RawMessage}: whitespace outside strings removed,
     * number spellings and existing escapes kept, and {@code <}, {@code >}, {@code &}, U+2028 and
     * U+2029 escaped.
     *
     * @throws IllegalArgumentException when the bytes are not exactly one JSON value
     */
    public static byte[] compact(byte[] raw) {
        requireOneValue(raw);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < raw.length; i++) {
            int b = raw[i] & 0xff;
            if (b == '<' || b == '>' || b == '&') {
                writeAscii(out, "\\u00" + HEX[b >> 4] + HEX[b & 0xf]);
                escaped = false;
                continue;
            }
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
            if (b == 0xe2 && i + 2 < raw.length && (raw[i + 1] & 0xff) == 0x80 && ((raw[i + 2] & 0xfe) == 0xa8)) {
                writeAscii(out, (raw[i + 2] & 0xff) == 0xa8 ? "\\u2028" : "\\u2029");
                i += 2;
                escaped = false;
                continue;
            }
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
                out.write(b);
            } else if (b == '"') {
                inString = true;
                out.write(b);
            } else if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static void requireOneValue(byte[] raw) {
        try (var parser = Json.MAPPER.createParser(raw)) {
            if (parser.nextToken() == null) {
                throw new IllegalArgumentException("no JSON value");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON");
        }
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.append('{');
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                boolean first = true;
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    out.append(first ? "" : ",").append(string(field.getKey())).append(':');
                    write(field.getValue(), out);
                    first = false;
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> out.append(string(node.textValue()));
            case NUMBER ->
                out.append(node.isIntegralNumber() ? node.bigIntegerValue().toString() : float64(node));
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL, MISSING -> out.append("null");
            default -> throw new IllegalArgumentException("no JSON form for a " + node.getNodeType() + " node");
        }
    }

    /**
     * Go's float64 form: shortest digits, plain between 1e-6 and 1e21, else an exponent without leading
     * zeros. The digits come from {@link Double#toString}, which before Java 19 is not always the
     * shortest (JDK-4511638: {@code 4.9E-324} where Go writes {@code 5e-324}); the control plane's own
     * payloads hold no decimals.
     */
    private static String float64(JsonNode node) {
        double value = node.doubleValue();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("Go cannot marshal " + value);
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        BigDecimal digits = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-6 && magnitude < 1e21) {
            return digits.toPlainString();
        }
        String unscaled = digits.unscaledValue().abs().toString();
        int exponent = unscaled.length() - 1 - digits.scale();
        String mantissa = unscaled.length() == 1 ? unscaled : unscaled.charAt(0) + "." + unscaled.substring(1);
        return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }

    private static void writeAscii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
