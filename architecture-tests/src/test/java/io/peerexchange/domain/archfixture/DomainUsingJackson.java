package io.peerexchange.domain.archfixture;

/** Breaks the rule on purpose: the core parsing JSON. */
public class DomainUsingJackson {
    final com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
}
