package io.peerexchange.adapters.systemd.archfixture;

/** Breaks the rule on purpose: the systemd adapter parsing JSON. */
public class SystemdUsingJackson {
    com.fasterxml.jackson.databind.JsonNode node;
}
