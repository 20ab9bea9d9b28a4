package io.peerexchange.adapters.wireguard.netlink.archfixture;

/** Breaks the rule on purpose: the kernel backend using the userspace backend. */
public class NetlinkUsingUapi {
    io.peerexchange.adapters.wireguard.uapi.archfixture.UapiValue value;
}
