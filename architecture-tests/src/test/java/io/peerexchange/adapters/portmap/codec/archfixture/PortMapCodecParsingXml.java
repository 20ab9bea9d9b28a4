package io.peerexchange.adapters.portmap.codec.archfixture;

/** Keeps the rules: a port-mapping codec with the JDK's XML parser, a URI and an address. */
public class PortMapCodecParsingXml {
    javax.xml.parsers.DocumentBuilderFactory factory;
    org.w3c.dom.Element element;
    java.net.URI location;
    java.net.InetAddress address;
}
