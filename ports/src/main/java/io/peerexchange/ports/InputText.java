package io.peerexchange.ports;

/** Keeps untrusted text short and printable before it is quoted in an error message. */
final class InputText {
    private static final int MAX_QUOTED = 64;

    private InputText() {}

    static String quote(String input) {
        if (input == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(input.length(), MAX_QUOTED) + 8).append('"');
        int n = Math.min(input.length(), MAX_QUOTED);
        for (int i = 0; i < n; i++) {
            char c = input.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (input.length() > MAX_QUOTED) {
            out.append("… (").append(input.length()).append(" chars)");
        }
        return out.toString();
    }
}
