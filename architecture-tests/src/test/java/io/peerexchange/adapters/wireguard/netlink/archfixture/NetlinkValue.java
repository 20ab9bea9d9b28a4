package io.peerexchange.adapters.wireguard.netlink.archfixture;

/** Stands in for a class of the kernel backend. */
public class NetlinkValue {}
