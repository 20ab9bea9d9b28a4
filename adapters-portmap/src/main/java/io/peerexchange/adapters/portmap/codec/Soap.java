package io.peerexchange.adapters.portmap.codec;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** UPnP control: SOAP 1.1 action requests and their answers or faults (UPnP Device Architecture §3). */
public final class Soap {
    /** Control answers carry a handful of arguments. */
    public static final int MAX_ANSWER_BYTES = 16 * 1024;

    private static final int MAX_ARGUMENTS = 32;

    private Soap() {}

    /** The body of a call of {@code action} on {@code serviceType} with {@code arguments} in order. */
    public static byte[] request(String serviceType, String action, Map<String, String> arguments) {
        StringBuilder out = new StringBuilder(512)
                .append("<?xml version=\"1.0\"?>\r\n")
                .append("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"")
                .append(" s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body>")
                .append("<u:")
                .append(action)
                .append(" xmlns:u=\"")
                .append(escape(serviceType))
                .append("\">");
        for (Map.Entry<String, String> argument : arguments.entrySet()) {
            out.append('<')
                    .append(argument.getKey())
                    .append('>')
                    .append(escape(argument.getValue()))
                    .append("</")
                    .append(argument.getKey())
                    .append('>');
        }
        return out.append("</u:")
                .append(action)
                .append("></s:Body></s:Envelope>\r\n")
                .toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The SOAPAction header value. */
    public static String actionHeader(String serviceType, String action) {
        return "\"" + serviceType + "#" + action + "\"";
    }

    /**
     * The output arguments of {@code action}'s answer, or the UPnP error of a fault.
     *
     * @throws PortMapDecodeException when the body is neither
     */
    public static SoapAnswer answer(byte[] body, String action) throws PortMapDecodeException {
        Document document = SecureXml.parse(body, MAX_ANSWER_BYTES, "SOAP answer");
        NodeList faults = document.getElementsByTagNameNS("*", "UPnPError");
        if (faults.getLength() > 0) {
            Element error = (Element) faults.item(0);
            String code = IgdDescription.child(error, "errorCode").orElse("");
            String description = IgdDescription.child(error, "errorDescription").orElse("");
            if (!code.matches("\\d{1,4}")) {
                throw new PortMapDecodeException("SOAP fault without a numeric errorCode");
            }
            return SoapAnswer.fault(Integer.parseInt(code), truncate(description));
        }
        NodeList responses = document.getElementsByTagNameNS("*", action + "Response");
        if (responses.getLength() != 1) {
            throw new PortMapDecodeException("SOAP answer holds no " + action + "Response");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Node n = responses.item(0).getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                if (out.size() == MAX_ARGUMENTS) {
                    throw new PortMapDecodeException("SOAP answer has more than " + MAX_ARGUMENTS + " arguments");
                }
                out.put(e.getLocalName(), truncate(e.getTextContent().trim()));
            }
        }
        return SoapAnswer.ok(out);
    }

    private static String truncate(String text) {
        return text.length() > 256 ? text.substring(0, 256) : text;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
