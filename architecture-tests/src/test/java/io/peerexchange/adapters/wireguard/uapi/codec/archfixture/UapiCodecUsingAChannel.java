package io.peerexchange.adapters.wireguard.uapi.codec.archfixture;

/** Breaks the rule on purpose: the UAPI codec holding the socket channel. */
public class UapiCodecUsingAChannel {
    java.nio.channels.SocketChannel channel;
}
