package io.peerexchange.adapters.wireguard.netlink.genl.archfixture;

/** Breaks the rule on purpose: generic netlink framing knowing the family above it. */
public class GenlUsingTheWireGuardFamily {
    io.peerexchange.adapters.wireguard.netlink.family.archfixture.FamilySleeping family;
}
