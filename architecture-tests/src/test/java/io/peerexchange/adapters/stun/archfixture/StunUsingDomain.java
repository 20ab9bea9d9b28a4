package io.peerexchange.adapters.stun.archfixture;

/** Breaks the rule on purpose: an adapter reaching into the core. */
public class StunUsingDomain {
    io.peerexchange.domain.Config config;
}
