package io.peerexchange.adapters.wireguard.netlink.route.archfixture;

/** Breaks the rule on purpose: the rtnetlink parser knowing WireGuard's family. */
public class RouteUsingTheWireGuardFamily {
    io.peerexchange.adapters.wireguard.netlink.family.archfixture.FamilySleeping family;
}
