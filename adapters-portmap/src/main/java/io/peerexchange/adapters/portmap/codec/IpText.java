package io.peerexchange.adapters.portmap.codec;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP literal from a gateway (dotted IPv4, or IPv6 with or without brackets); never a DNS lookup. */
public final class IpText {
    private IpText() {}

    public static InetAddress parse(String text) throws PortMapDecodeException {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean ipv4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = t.length() <= 45 && t.contains(":") && t.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            throw new PortMapDecodeException("not an IP address: " + (t.length() > 64 ? t.substring(0, 64) : t));
        }
        if (ipv4) {
            for (String part : t.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    throw new PortMapDecodeException("not an IPv4 address: " + t);
                }
            }
        }
        try {
            // A literal only: getByName resolves nothing for these shapes.
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw new PortMapDecodeException("not an IP address: " + t);
        }
    }
}
