package io.peerexchange.adapters.wireguard.netlink.route.archfixture;

/** Keeps the rule: the rtnetlink parser on the generic framing. */
public class RouteOnTheFraming {
    io.peerexchange.adapters.wireguard.netlink.genl.Netlink framing;
}
