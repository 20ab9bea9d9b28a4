package io.peerexchange.adapters.wireguard.device.archfixture;

/** Breaks the rule on purpose: the backend seam knowing one backend. */
public class SeamUsingUapi {
    io.peerexchange.adapters.wireguard.uapi.archfixture.UapiValue value;
}
