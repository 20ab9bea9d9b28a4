package io.peerexchange.adapters.stun.codec.archfixture;

/** Breaks the rule on purpose: a codec holding a socket. */
public class StunCodecUsingASocket {
    java.net.DatagramSocket socket;
}
