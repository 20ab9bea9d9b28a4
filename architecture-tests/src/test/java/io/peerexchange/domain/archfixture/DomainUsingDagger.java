package io.peerexchange.domain.archfixture;

/** Breaks the rule on purpose: the core wiring itself with Dagger. */
public class DomainUsingDagger {
    dagger.Lazy<String> lazy;
}
