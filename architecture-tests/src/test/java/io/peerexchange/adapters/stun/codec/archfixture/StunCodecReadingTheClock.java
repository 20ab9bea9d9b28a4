package io.peerexchange.adapters.stun.codec.archfixture;

/** Breaks the rule on purpose: a codec reading the wall clock. */
public class StunCodecReadingTheClock {
    Object stamp() {
        return java.time.Instant.now();
    }
}
