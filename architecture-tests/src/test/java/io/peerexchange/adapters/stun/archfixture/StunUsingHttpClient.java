package io.peerexchange.adapters.stun.archfixture;

/** Breaks the rule on purpose: the STUN adapter using the HTTP client. */
public class StunUsingHttpClient {
    org.apache.hc.client5.http.classic.HttpClient client;
}
