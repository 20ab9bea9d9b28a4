package io.peerexchange.ports.json;

/**
 * JSON string literals (RFC 8259), written one way for the whole project. Two dialects differ only
 * where a choice is free: {@link Dialect#GO} writes what Go's {@code encoding/json} writes (the bytes
 * a Go signer signs), {@link Dialect#STRICT} keeps every character recoverable for the agent's own
 * output (log lines, {@code discover --json}).
 */
public final class JsonStrings {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The free choices. */
    public enum Dialect {
        /**
         * As Go 1.22 and later: {@code <}, {@code >}, {@code &} escaped (Go's HTML-safe default), DEL
         * written as it is, a lone surrogate (invalid UTF-8 to Go) replaced by the escape of U+FFFD.
         */
        GO(true, false, false),
        /** DEL and a lone surrogate escaped (nothing is lost), HTML characters written as they are. */
        STRICT(false, true, true);

        private final boolean escapeHtml;
        private final boolean escapeDel;
        private final boolean keepLoneSurrogates;

        Dialect(boolean escapeHtml, boolean escapeDel, boolean keepLoneSurrogates) {
            this.escapeHtml = escapeHtml;
            this.escapeDel = escapeDel;
            this.keepLoneSurrogates = keepLoneSurrogates;
        }
    }

    private JsonStrings() {}

    /**
     * Appends {@code value} quoted: {@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t}, {@code
     * \b}, {@code \f}, other control characters and U+2028/U+2029 (which JavaScript parsers treat as line
     * ends) as unicode escapes, the rest as the dialect says.
     */
    public static StringBuilder append(StringBuilder out, String value, Dialect dialect) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\u2028', '\u2029' -> appendUnicodeEscape(out, c);
                case '<', '>', '&' -> {
                    if (dialect.escapeHtml) {
                        appendUnicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
                default -> appendOther(out, value, i, dialect);
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            }
        }
        return out.append('"');
    }

    /** {@link #append} in the {@link Dialect#STRICT} dialect. */
    public static StringBuilder appendStrict(StringBuilder out, String value) {
        return append(out, value, Dialect.STRICT);
    }

    /** {@link #quote} in the {@link Dialect#STRICT} dialect. */
    public static String quoteStrict(String value) {
        return quote(value, Dialect.STRICT);
    }

    /** A quoted string, as {@link #append}. */
    public static String quote(String value, Dialect dialect) {
        return append(new StringBuilder(value.length() + 2), value, dialect).toString();
    }

    /** Appends the six-character unicode escape of {@code c} (lower-case hex, as Go writes it). */
    public static StringBuilder appendUnicodeEscape(StringBuilder out, char c) {
        return out.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }

    private static void appendOther(StringBuilder out, String value, int i, Dialect dialect) {
        char c = value.charAt(i);
        if (c < 0x20 || (c == 0x7f && dialect.escapeDel)) {
            appendUnicodeEscape(out, c);
        } else if (Character.isHighSurrogate(c)
                && i + 1 < value.length()
                && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(c).append(value.charAt(i + 1));
        } else if (Character.isSurrogate(c)) {
            if (dialect.keepLoneSurrogates) {
                appendUnicodeEscape(out, c);
            } else {
                out.append("\\ufffd");
            }
        } else {
            out.append(c);
        }
    }
}
