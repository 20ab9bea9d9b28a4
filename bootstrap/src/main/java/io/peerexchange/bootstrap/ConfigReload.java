package io.peerexchange.bootstrap;

import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.ConfigException;
import io.peerexchange.bootstrap.config.ConfigKey;
import io.peerexchange.bootstrap.config.ConfigResolver;
import io.peerexchange.bootstrap.logging.Logging;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * SIGHUP: the configuration is resolved again from the same file, environment and flags. Keys marked
 * live are applied; keys that need a restart and changed are named in one warning and keep their
 * running value. A configuration that no longer resolves changes nothing.
 */
final class ConfigReload {
    private static final ComponentLogger LOG = ComponentLogger.of(ConfigReload.class, Component.AGENT);

    private final Map<String, String> env;
    private final CliContext.ConfigStep step;
    private final AgentConfig running;
    private AgentConfig applied;

    ConfigReload(Map<String, String> env, CliContext.ConfigStep step, AgentConfig running) {
        this.env = Map.copyOf(env);
        this.step = Objects.requireNonNull(step, "step");
        this.running = Objects.requireNonNull(running, "running");
        this.applied = running;
    }

    /** Reloads once; safe to call from the signal thread (calls are serialized). */
    synchronized void reload() {
        AgentConfig fresh;
        try {
            fresh = step.resolve(new ConfigResolver(env));
        } catch (ConfigException | RuntimeException e) {
            LOG.atWarn()
                    .addKeyValue("error", e.getMessage())
                    .log("configuration not reloaded; the running configuration stays");
            return;
        }
        List<String> live = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        for (ConfigKey key : ConfigKey.values()) {
            if (key.definition().live()) {
                if (!value(applied, key).equals(value(fresh, key))) {
                    live.add(key.yamlKey());
                }
            } else if (!value(running, key).equals(value(fresh, key))) {
                restart.add(key.yamlKey());
            }
        }
        if (!live.isEmpty()) {
            Logging.configure(fresh.logFormat(), fresh.logLevel());
            applied = fresh;
        }
        if (!restart.isEmpty()) {
            LOG.atWarn()
                    .addKeyValue("keys", String.join(",", restart))
                    .log("configuration changed in keys that apply only after a restart; they keep their running"
                            + " values");
        }
        LOG.atInfo().addKeyValue("applied", String.join(",", live)).log("configuration reloaded");
    }

    private static Optional<Object> value(AgentConfig config, ConfigKey key) {
        return config.find(key, Object.class);
    }
}
