package io.peerexchange.adapters.stun.archfixture;

/** A class of the STUN adapter that another adapter must not use. */
public class StunValue {}
