package io.peerexchange.adapters.wireguard.uapi.archfixture;

/** Breaks the rule on purpose: the userspace backend using the kernel backend. */
public class UapiUsingNetlink {
    io.peerexchange.adapters.wireguard.netlink.archfixture.NetlinkValue value;
}
