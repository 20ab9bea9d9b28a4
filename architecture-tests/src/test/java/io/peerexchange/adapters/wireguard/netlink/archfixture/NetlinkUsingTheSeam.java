package io.peerexchange.adapters.wireguard.netlink.archfixture;

/** Keeps the rule: a backend implementing the seam. */
public class NetlinkUsingTheSeam {
    io.peerexchange.adapters.wireguard.device.archfixture.SeamValue value;
}
