package io.peerexchange.bootstrap.text;

/**
 * Writes JSON strings with full escaping (RFC 8259): quotes, backslashes, control characters and
 * the two line separators JavaScript parsers trip on. Enough for the agent's own small outputs
 * (log lines, {@code discover --json}); JSON libraries belong to the control-plane adapter.
 */
public final class Json {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {}

    public static StringBuilder appendString(StringBuilder out, String value) {
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
                default -> {
                    if (c < 0x20
                            || c == 0x7f
                            || c == 0x2028
                            || c == 0x2029
                            || (Character.isSurrogate(c) && !pairedSurrogate(value, i))) {
                        out.append("\\u")
                                .append(HEX[(c >> 12) & 0xf])
                                .append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf])
                                .append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    public static String string(String value) {
        return appendString(new StringBuilder(value.length() + 2), value).toString();
    }

    /** A lone surrogate would make the output invalid UTF-8; it is escaped instead. */
    private static boolean pairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
