package io.peerexchange.adapters.wireguard.netlink.genl.archfixture;

/** Breaks the rule on purpose: generic netlink framing calling native code. */
public class GenlUsingJna {
    com.sun.jna.NativeLong length;
}
