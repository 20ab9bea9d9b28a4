package io.peerexchange.adapters.portmap.archfixture;

/** Breaks the rules on purpose: the port-mapping adapter using JNA, and XML outside its codecs. */
public class PortMapUsingJna {
    com.sun.jna.Pointer pointer;
    org.w3c.dom.Document document;
}
