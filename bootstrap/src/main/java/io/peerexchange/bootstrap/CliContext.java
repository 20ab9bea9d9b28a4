package io.peerexchange.bootstrap;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;

/**
 * What a command gets from its surroundings: the environment (a map, so tests can set it), where
 * to write, and whether it may install a JVM shutdown hook (only a real process should).
 */
public record CliContext(Map<String, String> env, PrintWriter out, PrintWriter err, boolean ownsProcess) {
    public CliContext {
        env = Map.copyOf(env);
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }

    /** Writes the one-line reason for a failure: {@code peerexchange: <reason>}. */
    void fail(String reason) {
        err.println("peerexchange: " + reason);
        err.flush();
    }
}
