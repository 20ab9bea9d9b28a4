package io.peerexchange.adapters.wireguard.netlink.route.archfixture;

/** Breaks the rule on purpose: the rtnetlink parser calling native code. */
public class RouteUsingJna {
    com.sun.jna.NativeLong length;
}
