package io.peerexchange.adapters.wireguard.uapi.archfixture;

/** Stands in for a class of the userspace backend. */
public class UapiValue {}
