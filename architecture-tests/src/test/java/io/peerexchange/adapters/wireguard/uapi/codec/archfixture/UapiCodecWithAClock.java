package io.peerexchange.adapters.wireguard.uapi.codec.archfixture;

/** Breaks the rule on purpose: the UAPI codec keeping a clock. */
public class UapiCodecWithAClock {
    java.time.Clock clock;
}
