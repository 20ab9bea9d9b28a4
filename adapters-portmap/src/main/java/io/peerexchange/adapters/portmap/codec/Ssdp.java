package io.peerexchange.adapters.portmap.codec;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** SSDP search requests and answers (UPnP Device Architecture 1.1 §1.3) for Internet Gateway Devices. */
public final class Ssdp {
    public static final String MULTICAST_ADDRESS = "239.255.255.250";
    public static final int PORT = 1900;
    /** The device types searched for: IGD v2 first, then v1. */
    public static final String IGD_V2 = "urn:schemas-upnp-org:device:InternetGatewayDevice:2";

    public static final String IGD_V1 = "urn:schemas-upnp-org:device:InternetGatewayDevice:1";
    /** An SSDP answer is one datagram of headers; a longer one is refused. */
    public static final int MAX_ANSWER = 2048;

    private static final int MAX_LOCATION = 512;

    private Ssdp() {}

    public static byte[] searchRequest(String searchTarget, int maxWaitSeconds) {
        return ("M-SEARCH * HTTP/1.1\r\n"
                        + "HOST: " + MULTICAST_ADDRESS + ":" + PORT + "\r\n"
                        + "MAN: \"ssdp:discover\"\r\n"
                        + "MX: " + maxWaitSeconds + "\r\n"
                        + "ST: " + searchTarget + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The LOCATION of a {@code 200 OK} search answer: an absolute {@code http} URL naming an IP
     * literal (a host name would be resolved by someone else's DNS).
     *
     * @throws PortMapDecodeException when it is no such answer
     */
    public static URI location(byte[] datagram, int length) throws PortMapDecodeException {
        if (length > MAX_ANSWER || length > datagram.length) {
            throw new PortMapDecodeException("SSDP answer of " + length + " bytes is longer than " + MAX_ANSWER);
        }
        String text = new String(datagram, 0, length, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r?\n");
        if (lines.length == 0 || !lines[0].matches("HTTP/1\\.[01] 200( .*)?")) {
            throw new PortMapDecodeException("SSDP answer is not HTTP/1.1 200");
        }
        String location = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0
                    && lines[i].substring(0, colon)
                            .trim()
                            .toLowerCase(Locale.ROOT)
                            .equals("location")) {
                location = lines[i].substring(colon + 1).trim();
            }
        }
        if (location == null || location.isEmpty()) {
            throw new PortMapDecodeException("SSDP answer has no LOCATION");
        }
        if (location.length() > MAX_LOCATION) {
            throw new PortMapDecodeException("SSDP LOCATION is longer than " + MAX_LOCATION + " characters");
        }
        return httpUrl(location, "SSDP LOCATION");
    }

    /** An absolute {@code http} URL whose host is an IPv4 literal or bracketed IPv6 literal. */
    static URI httpUrl(String text, String what) throws PortMapDecodeException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new PortMapDecodeException(what + " is not a URL");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new PortMapDecodeException(what + " is not an absolute http URL");
        }
        String host = uri.getHost();
        if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !host.startsWith("[")) {
            throw new PortMapDecodeException(what + " names a host name, not an IP address");
        }
        return uri;
    }
}
