package io.peerexchange.adapters.controlplane.sse.archfixture;

/** Breaks the rule on purpose: the SSE parser measuring time itself. */
public class SseParserTiming {
    long now() {
        return System.nanoTime();
    }
}
