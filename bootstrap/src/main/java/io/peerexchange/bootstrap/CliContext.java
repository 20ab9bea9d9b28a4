package io.peerexchange.bootstrap;

import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.ConfigException;
import io.peerexchange.bootstrap.config.ConfigResolver;
import io.peerexchange.bootstrap.logging.Logging;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

    /** How a command turns the resolver into its configuration. */
    @FunctionalInterface
    interface ConfigStep {
        AgentConfig resolve(ConfigResolver resolver) throws ConfigException;
    }

    /**
     * Resolves a command's configuration and sets up logging from it; on a configuration error prints
     * the one-line reason and returns empty (the command exits {@link ExitCode#USAGE}).
     */
    Optional<AgentConfig> configure(ConfigStep step) {
        AgentConfig config;
        try {
            config = step.resolve(new ConfigResolver(env));
        } catch (ConfigException e) {
            fail(e.getMessage());
            return Optional.empty();
        }
        Logging.configure(config.logFormat(), config.logLevel());
        return Optional.of(config);
    }

    /** Writes the one-line reason for a failure: {@code peerexchange: <reason>}. */
    void fail(String reason) {
        err.println("peerexchange: " + reason);
        err.flush();
    }
}
