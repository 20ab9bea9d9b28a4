package io.peerexchange.adapters.wireguard.archfixture;

/** Breaks the rule on purpose: the WireGuard adapter parsing JSON. */
public class WireGuardUsingJackson {
    com.fasterxml.jackson.databind.JsonNode node;
}
