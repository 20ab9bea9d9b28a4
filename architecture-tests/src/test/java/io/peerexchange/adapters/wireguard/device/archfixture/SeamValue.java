package io.peerexchange.adapters.wireguard.device.archfixture;

/** Stands in for a class of the backend seam. */
public class SeamValue {}
