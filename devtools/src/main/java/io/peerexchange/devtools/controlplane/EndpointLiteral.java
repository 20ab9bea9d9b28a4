package io.peerexchange.devtools.controlplane;

import java.util.Set;
import java.util.regex.Pattern;

/** Checks the endpoint text nodes report: an IP literal and a port ({@code 1.2.3.4:5}, {@code [2001:db8::1]:5}). */
final class EndpointLiteral {
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern PORT = Pattern.compile("[1-9]\\d{0,4}");
    static final Set<String> NAT_TYPES = Set.of("none", "full_cone", "symmetric", "unknown");

    private EndpointLiteral() {}

    static boolean isValid(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0
                || !PORT.matcher(text.substring(colon + 1)).matches()
                || Integer.parseInt(text.substring(colon + 1)) > 65535) {
            return false;
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            String inner = host.substring(1, host.length() - 1);
            return IPV6.matcher(inner).matches() && inner.contains(":");
        }
        return IPV4.matcher(host).matches();
    }
}
