package io.peerexchange.adapters.controlplane.sse.archfixture;

/** Breaks the rule on purpose: the SSE parser handing work to an executor. */
public class SseParserUsingAnExecutor {
    java.util.concurrent.ExecutorService executor;
}
