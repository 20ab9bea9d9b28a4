package io.peerexchange.adapters.wireguard.netlink.route.archfixture;

/** Keeps the rule: the rtnetlink parser on the generic framing (a class of its package stands in). */
public class RouteOnTheFraming {
    io.peerexchange.adapters.wireguard.netlink.genl.archfixture.GenlUsingJna framing;
    java.nio.ByteBuffer bytes;
}
