package io.peerexchange.adapters.wireguard.archfixture;

/** Breaks the rule on purpose: one adapter using another. */
public class WireGuardUsingStunAdapter {
    io.peerexchange.adapters.stun.archfixture.StunValue value;
}
