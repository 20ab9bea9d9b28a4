package io.peerexchange.adapters.portmap.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * The JDK's DOM parser locked down for answers from a LAN device: no DTD at all (so no entity can
 * be declared: no billion laughs, no external entity reading a local file), no external access,
 * secure processing on, and a size limit checked before parsing.
 */
final class SecureXml {
    private SecureXml() {}

    static Document parse(byte[] body, int maxBytes, String what) throws PortMapDecodeException {
        if (body.length > maxBytes) {
            throw new PortMapDecodeException(what + " of " + body.length + " bytes is longer than " + maxBytes);
        }
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(null);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity refused");
            });
            return builder.parse(new ByteArrayInputStream(body));
        } catch (SAXException e) {
            throw new PortMapDecodeException(what + " refused: " + firstLine(e.getMessage()));
        } catch (IOException | ParserConfigurationException e) {
            throw new PortMapDecodeException(what + " unreadable: " + firstLine(e.getMessage()));
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed XML";
        }
        String line = message.lines().findFirst().orElse("malformed XML");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
