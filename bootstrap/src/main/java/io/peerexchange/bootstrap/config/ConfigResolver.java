package io.peerexchange.bootstrap.config;

import io.peerexchange.domain.InvalidConfigException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the configuration from its three layers, file &lt; environment &lt; flags, and parses
 * every value by its key's {@link KeyDefinition}. The environment is passed in (not read from
 * {@link System#getenv()}) so tests can set it. An empty environment variable counts as unset.
 */
public final class ConfigResolver {
    /** Set by systemd for a unit with {@code RuntimeDirectory=}: where the control socket goes. */
    public static final String RUNTIME_DIRECTORY = "RUNTIME_DIRECTORY";

    private final Map<String, String> env;

    public ConfigResolver(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** For {@code run}. */
    public AgentConfig resolve(Optional<Path> configFile, Map<ConfigKey, RawValue> flags, boolean allowEphemeralStun)
            throws ConfigException {
        return resolve(CommandName.RUN, configFile, flags, allowEphemeralStun);
    }

    /**
     * @param command            whose defaults apply
     * @param configFile         {@code --config}; when absent, {@code PEEREXCHANGE_CONFIG}; when both are absent, no file
     * @param flags              the values given as flags, by key
     * @param allowEphemeralStun the {@code discover --allow-ephemeral} switch
     * @throws ConfigException naming the offending key as the operator wrote it
     */
    public AgentConfig resolve(
            CommandName command, Optional<Path> configFile, Map<ConfigKey, RawValue> flags, boolean allowEphemeralStun)
            throws ConfigException {
        Map<ConfigKey, RawValue> merged = new EnumMap<>(ConfigKey.class);
        Optional<Path> file = configFile;
        if (file.isEmpty() && envValue(ConfigKey.CONFIG_ENV).isPresent()) {
            file = Optional.of(
                    ValueType.path(RawValue.of(envValue(ConfigKey.CONFIG_ENV).get(), ConfigKey.CONFIG_ENV)));
        }
        if (file.isPresent()) {
            merged.putAll(YamlConfigFile.read(file.get()));
        }
        for (ConfigKey key : ConfigKey.values()) {
            Optional<String> value = envValue(key.envVar());
            if (value.isPresent()) {
                List<String> items = key.definition().type().shape() == ValueType.Shape.LIST
                        ? List.of(value.get().split(",", -1))
                        : List.of(value.get());
                merged.put(key, new RawValue(items, key.envVar()));
            }
        }
        merged.putAll(flags);

        AgentConfig.Builder config = AgentConfig.builder().allowEphemeralStun(allowEphemeralStun);
        merged.forEach((key, raw) -> config.origin(key, raw.origin()));
        // The token first: it has two sources, and one of them is not a key.
        tokenSource(merged, flags, config);
        for (ConfigKey key : ConfigKey.values()) {
            if (key != ConfigKey.TOKEN_FILE) {
                resolveKey(key.definition(), key, command, merged, flags, config);
            }
        }
        if (!merged.containsKey(ConfigKey.CONTROL_SOCKET)) {
            config.value(ConfigKey.CONTROL_SOCKET, AgentConfig.defaultControlSocket(envValue(RUNTIME_DIRECTORY)));
        }
        AgentConfig resolved = config.build();
        checkExchangeRules(resolved);
        checkMetricsAddress(resolved);
        return resolved;
    }

    private static <T> void resolveKey(
            KeyDefinition<T> definition,
            ConfigKey key,
            CommandName command,
            Map<ConfigKey, RawValue> merged,
            Map<ConfigKey, RawValue> flags,
            AgentConfig.Builder config)
            throws ConfigException {
        RawValue raw = merged.get(key);
        Optional<T> value = raw == null ? Optional.empty() : definition.type().parse(raw);
        Optional<T> commandDefault = definition.defaultIn(command);
        if (commandDefault.isPresent() && !flags.containsKey(key)) {
            value = commandDefault;
        }
        value.or(definition::defaultValue).ifPresent(v -> config.value(key, v));
    }

    private void tokenSource(
            Map<ConfigKey, RawValue> merged, Map<ConfigKey, RawValue> flags, AgentConfig.Builder config)
            throws ConfigException {
        Optional<String> envToken = envValue(ConfigKey.TOKEN_ENV);
        if (!flags.containsKey(ConfigKey.TOKEN_FILE) && envToken.isPresent()) {
            if (envValue(ConfigKey.TOKEN_FILE.envVar()).isPresent()) {
                throw new ConfigException(
                        ConfigKey.TOKEN_ENV + " and " + ConfigKey.TOKEN_FILE.envVar() + " are both set: set only one");
            }
            config.tokenSource(TokenSource.environment(envToken.get()));
            return;
        }
        RawValue raw = merged.get(ConfigKey.TOKEN_FILE);
        if (raw != null) {
            Path path = ValueType.FILE.parse(raw).orElseThrow();
            config.value(ConfigKey.TOKEN_FILE, path).tokenSource(TokenSource.file(path, raw.origin()));
        }
    }

    /** Metrics say how the node is doing: other hosts see them only when the operator says so. */
    private static void checkMetricsAddress(AgentConfig config) throws ConfigException {
        Optional<ListenAddress> listen = config.find(ConfigKey.METRICS_LISTEN, ListenAddress.class);
        if (listen.isPresent()
                && !listen.get().isLoopback()
                && !config.value(ConfigKey.METRICS_ALLOW_REMOTE, Boolean.class)) {
            throw new ConfigException("invalid " + config.nameOf(ConfigKey.METRICS_LISTEN) + ": " + listen.get()
                    + " is not a loopback address; set " + ConfigKey.METRICS_ALLOW_REMOTE.yamlKey()
                    + " to serve metrics to other hosts");
        }
    }

    /** The core's own rules (at least 10 s refresh …), reported under the key the operator wrote. */
    private static void checkExchangeRules(AgentConfig config) throws ConfigException {
        try {
            config.exchangeConfig().validate();
            for (ConfigKey key : ConfigKey.values()) {
                config.find(key, Object.class)
                        .ifPresent(value -> key.definition().checkRule(value));
            }
        } catch (InvalidConfigException e) {
            throw new ConfigException("invalid " + config.nameOf(ConfigKey.of(e.field())) + ": " + e.getMessage());
        }
    }

    private Optional<String> envValue(String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
