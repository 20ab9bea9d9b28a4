package io.peerexchange.adapters.portmap.archfixture;

import io.peerexchange.adapters.stun.archfixture.StunValue;

/** Breaks the rule on purpose: the port-mapping adapter using another adapter. */
public class PortMapUsingTheStunAdapter {
    StunValue value;
}
