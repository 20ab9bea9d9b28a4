package io.peerexchange.ports;

/**
 * {@code host:port} text split into its two parts, before either is parsed: the one way the
 * endpoint and STUN server syntaxes share of reading {@code [IPv6]:port}.
 *
 * @param bracketed whether the host was written as {@code [IPv6]}
 */
record HostPortText(String host, String port, boolean bracketed) {
    /**
     * Splits {@code [v6]:port}; text not starting with {@code [} is split at its only colon, or
     * {@code null} is returned when it has none or several, so that each syntax says what it expected.
     *
     * @param what the name of the value in error messages ({@code endpoint}, {@code STUN server})
     */
    static HostPortText split(String text, String what) {
        if (text.charAt(0) == '[') {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException(
                        "invalid " + what + " " + InputText.quote(text) + ": expected [IPv6]:port");
            }
            return new HostPortText(text.substring(1, close), text.substring(close + 2), true);
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0 || text.indexOf(':') != colon) {
            return null;
        }
        return new HostPortText(text.substring(0, colon), text.substring(colon + 1), false);
    }
}
