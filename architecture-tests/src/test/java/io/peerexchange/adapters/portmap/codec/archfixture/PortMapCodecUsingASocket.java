package io.peerexchange.adapters.portmap.codec.archfixture;

/** Breaks the rule on purpose: a port-mapping codec holding a socket. */
public class PortMapCodecUsingASocket {
    java.net.DatagramSocket socket;
}
