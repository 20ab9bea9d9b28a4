package io.peerexchange.ports.logging.archfixture;

/** Breaks the rule on purpose: the shared logger writing JSON itself. */
public class LoggerUsingJackson {
    final com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
}
