package io.peerexchange.adapters.portmap.codec;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Finds the WAN connection service in an IGD device description: WANIPConnection v2, then v1, then
 * WANPPPConnection v2 and v1; its control URL is resolved against the description's location.
 */
public final class IgdDescription {
    /** Real descriptions are a few KiB. */
    public static final int MAX_BYTES = 64 * 1024;

    /** The service types, best first. */
    public static final List<String> SERVICE_TYPES = List.of(
            "urn:schemas-upnp-org:service:WANIPConnection:2",
            "urn:schemas-upnp-org:service:WANIPConnection:1",
            "urn:schemas-upnp-org:service:WANPPPConnection:2",
            "urn:schemas-upnp-org:service:WANPPPConnection:1");

    private IgdDescription() {}

    /** @throws PortMapDecodeException when it is no parseable description with a WAN connection service */
    public static IgdService parse(byte[] body, URI location) throws PortMapDecodeException {
        Document document = SecureXml.parse(body, MAX_BYTES, "device description");
        NodeList services = document.getElementsByTagNameNS("*", "service");
        for (String wanted : SERVICE_TYPES) {
            for (int i = 0; i < services.getLength(); i++) {
                Element service = (Element) services.item(i);
                if (!wanted.equals(child(service, "serviceType").orElse(""))) {
                    continue;
                }
                String control = child(service, "controlURL")
                        .orElseThrow(() -> new PortMapDecodeException("service " + wanted + " has no controlURL"));
                URI controlUrl;
                try {
                    controlUrl = location.resolve(control);
                } catch (IllegalArgumentException e) {
                    throw new PortMapDecodeException("controlURL of " + wanted + " is not a URL");
                }
                Ssdp.httpUrl(controlUrl.toString(), "controlURL");
                return new IgdService(wanted, controlUrl);
            }
        }
        throw new PortMapDecodeException("device description names no WANIPConnection or WANPPPConnection service");
    }

    static Optional<String> child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return Optional.of(e.getTextContent().trim());
            }
        }
        return Optional.empty();
    }
}
