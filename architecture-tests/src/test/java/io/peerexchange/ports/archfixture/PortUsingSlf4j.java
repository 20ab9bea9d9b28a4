package io.peerexchange.ports.archfixture;

/** Breaks the rule on purpose: a port that logs. */
public class PortUsingSlf4j {
    final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(PortUsingSlf4j.class);
}
