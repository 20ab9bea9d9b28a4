package io.peerexchange.domain.archfixture;

/** Breaks the rule on purpose: the core parsing a command line. */
public class DomainUsingPicocli {
    picocli.CommandLine commandLine;
}
