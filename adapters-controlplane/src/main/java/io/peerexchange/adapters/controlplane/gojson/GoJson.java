package io.peerexchange.adapters.controlplane.gojson;

import io.peerexchange.ports.json.JsonStrings;
import io.peerexchange.ports.json.JsonStrings.Dialect;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What Go's {@code json.Marshal} writes for the parts of a signed event envelope: a string, a
 * {@code time.Time}, and a {@code json.RawMessage} (the received bytes, compacted). With HTML
 * escaping on, as {@code json.Marshal} has it: {@code <}, {@code >}, {@code &}, U+2028 and U+2029
 * become six-character unicode escapes (backslash, {@code u}, four lower-case hex digits).
 */
public final class GoJson {
    private GoJson() {}

    /**
     * Appends {@code value} as Go writes a string: quotes, {@code \"}, {@code \\}, {@code \n}, {@code
     * \r}, {@code \t}, {@code \b}, {@code \f} (Go 1.22 and later), other control characters and the
     * HTML characters and line separators as unicode escapes, a lone surrogate (invalid UTF-8 in Go)
     * as the escape of U+FFFD, everything else as it is.
     */
    public static StringBuilder appendString(StringBuilder out, String value) {
        return JsonStrings.append(out, value, Dialect.GO);
    }

    /**
     * Appends what Go's {@code time.Time.MarshalJSON} writes for the RFC 3339 text {@code text}: the
     * time re-formatted with nanoseconds, trailing fractional zeros trimmed (no fraction when it is
     * zero), {@code Z} for a zero offset and {@code ±hh:mm} otherwise. The offset of the text is kept,
     * not converted to UTC.
     *
     * @throws IllegalArgumentException when the text is not an RFC 3339 date-time with an offset, or its
     *     year is outside 0–9999 (Go refuses to marshal those)
     */
    public static StringBuilder appendTime(StringBuilder out, String text) {
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not an RFC 3339 time");
        }
        if (time.getYear() < 0 || time.getYear() > 9999) {
            throw new IllegalArgumentException("year outside 0-9999");
        }
        out.append('"');
        pad(out, time.getYear(), 4).append('-');
        pad(out, time.getMonthValue(), 2).append('-');
        pad(out, time.getDayOfMonth(), 2).append('T');
        pad(out, time.getHour(), 2).append(':');
        pad(out, time.getMinute(), 2).append(':');
        pad(out, time.getSecond(), 2);
        int nanos = time.getNano();
        if (nanos != 0) {
            StringBuilder fraction = new StringBuilder(9);
            pad(fraction, nanos, 9);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(fraction, 0, end);
        }
        ZoneOffset offset = time.getOffset();
        int seconds = offset.getTotalSeconds();
        if (seconds == 0) {
            out.append('Z');
        } else {
            // Go writes the offset in minutes; a seconds part is dropped.
            int minutes = Math.abs(seconds) / 60;
            out.append(seconds < 0 ? '-' : '+');
            pad(out, minutes / 60, 2).append(':');
            pad(out, minutes % 60, 2);
        }
        return out.append('"');
    }

    /**
     * Appends the JSON text {@code raw} as Go's {@code json.Marshal} writes a {@code json.RawMessage}
     * holding it: whitespace outside strings removed, everything else byte for byte (number spellings
     * and existing escapes kept), with the HTML characters and line separators escaped.
     *
     * @throws IllegalArgumentException when {@code raw} has an unterminated string (the caller has
     *     parsed it as JSON already, so this only guards against misuse)
     */
    public static StringBuilder appendCompact(StringBuilder out, CharSequence raw) {
        boolean inString = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (inString) {
                switch (c) {
                    case '\\' -> {
                        if (i + 1 >= raw.length()) {
                            throw new IllegalArgumentException("unterminated string");
                        }
                        out.append(c).append(raw.charAt(++i));
                    }
                    case '"' -> {
                        inString = false;
                        out.append(c);
                    }
                    case '<', '>', '&', '\u2028', '\u2029' -> JsonStrings.appendUnicodeEscape(out, c);
                    default -> out.append(c);
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                out.append(c);
            }
        }
        if (inString) {
            throw new IllegalArgumentException("unterminated string");
        }
        return out;
    }

    /**
     * The bytes Go signs for an event: {@code json.Marshal} of {@code {"event_type","event_id",
     * "issued_at","nonce","payload"}} with {@code issued_at} a {@code time.Time} and {@code payload} a
     * {@code json.RawMessage}.
     *
     * @param issuedAt the {@code issued_at} text as received
     * @param rawPayload the {@code payload} value exactly as received
     */
    public static byte[] signedEventBytes(
            String eventType, String eventId, String issuedAt, String nonce, CharSequence rawPayload) {
        StringBuilder out = new StringBuilder(128 + rawPayload.length());
        appendString(out.append("{\"event_type\":"), eventType);
        appendString(out.append(",\"event_id\":"), eventId);
        appendTime(out.append(",\"issued_at\":"), issuedAt);
        appendString(out.append(",\"nonce\":"), nonce);
        appendCompact(out.append(",\"payload\":"), rawPayload);
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
