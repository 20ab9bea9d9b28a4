package io.peerexchange.bootstrap.config;

import io.peerexchange.adapters.wireguard.Backend;
import io.peerexchange.bootstrap.logging.LogFormat;
import io.peerexchange.bootstrap.logging.LogLevel;
import io.peerexchange.domain.Config;
import io.peerexchange.domain.HeartbeatLoop;
import io.peerexchange.domain.InvalidConfigException;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.StunServer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the configuration from its three layers, file &lt; environment &lt; flags, and parses
 * every value. The environment is passed in (not read from {@link System#getenv()}) so tests can
 * set it. An empty environment variable counts as unset.
 */
public final class ConfigResolver {
    private final Map<String, String> env;

    public ConfigResolver(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * @param configFile         {@code --config}; when absent, {@code PEEREXCHANGE_CONFIG}; when both are absent, no file
     * @param flags              the values given as flags, by key
     * @param allowEphemeralStun the {@code discover --allow-ephemeral} switch
     * @throws ConfigException naming the offending key as the operator wrote it
     */
    public AgentConfig resolve(Optional<Path> configFile, Map<ConfigKey, RawValue> flags, boolean allowEphemeralStun)
            throws ConfigException {
        Map<ConfigKey, RawValue> merged = new EnumMap<>(ConfigKey.class);
        Optional<Path> file = configFile;
        if (file.isEmpty() && envValue(ConfigKey.CONFIG_ENV).isPresent()) {
            file = Optional.of(path(RawValue.of(envValue(ConfigKey.CONFIG_ENV).get(), ConfigKey.CONFIG_ENV)));
        }
        if (file.isPresent()) {
            merged.putAll(YamlConfigFile.read(file.get()));
        }
        for (ConfigKey key : ConfigKey.values()) {
            Optional<String> value = envValue(key.envVar());
            if (value.isPresent()) {
                List<String> items =
                        key == ConfigKey.STUN_SERVERS ? List.of(value.get().split(",", -1)) : List.of(value.get());
                merged.put(key, new RawValue(items, key.envVar()));
            }
        }
        merged.putAll(flags);
        return parse(merged, tokenSource(merged, flags), allowEphemeralStun);
    }

    private Optional<TokenSource> tokenSource(Map<ConfigKey, RawValue> merged, Map<ConfigKey, RawValue> flags)
            throws ConfigException {
        Optional<String> envToken = envValue(ConfigKey.TOKEN_ENV);
        if (!flags.containsKey(ConfigKey.TOKEN_FILE) && envToken.isPresent()) {
            if (envValue(ConfigKey.TOKEN_FILE.envVar()).isPresent()) {
                throw new ConfigException(
                        ConfigKey.TOKEN_ENV + " and " + ConfigKey.TOKEN_FILE.envVar() + " are both set: set only one");
            }
            return Optional.of(TokenSource.environment(envToken.get()));
        }
        RawValue file = merged.get(ConfigKey.TOKEN_FILE);
        if (file == null) {
            return Optional.empty();
        }
        return Optional.of(TokenSource.file(path(file), file.origin()));
    }

    private AgentConfig parse(Map<ConfigKey, RawValue> values, Optional<TokenSource> token, boolean allowEphemeralStun)
            throws ConfigException {
        Map<ConfigKey, String> origins = new EnumMap<>(ConfigKey.class);
        values.forEach((key, raw) -> origins.put(key, raw.origin()));

        Optional<NodeId> nodeId = Optional.empty();
        RawValue raw = values.get(ConfigKey.NODE_ID);
        if (raw != null) {
            try {
                nodeId = Optional.of(new NodeId(raw.scalar()));
            } catch (IllegalArgumentException e) {
                throw invalid(raw, e.getMessage());
            }
        }
        Optional<URI> url = Optional.empty();
        raw = values.get(ConfigKey.CONTROL_PLANE_URL);
        if (raw != null) {
            url = Optional.of(url(raw));
        }
        Optional<Path> caFile = values.containsKey(ConfigKey.CA_FILE)
                ? Optional.of(path(values.get(ConfigKey.CA_FILE)))
                : Optional.empty();
        boolean insecureTls = bool(values.get(ConfigKey.INSECURE_TLS), false);
        boolean allowHttp = bool(values.get(ConfigKey.ALLOW_HTTP), false);
        String iface = interfaceName(values.get(ConfigKey.INTERFACE));
        int listenPort = port(values.get(ConfigKey.LISTEN_PORT));
        Backend backend = backend(values.get(ConfigKey.WG_BACKEND));
        boolean natEnabled = bool(values.get(ConfigKey.NAT_ENABLED), true);
        List<StunServer> servers = stunServers(values.get(ConfigKey.STUN_SERVERS));
        Duration refresh = duration(values.get(ConfigKey.REFRESH_INTERVAL), Config.DEFAULT_REFRESH_INTERVAL);
        Duration timeout = duration(values.get(ConfigKey.TIMEOUT), Config.DEFAULT_TIMEOUT);
        Optional<String> signingKey = Optional.empty();
        raw = values.get(ConfigKey.SIGNING_KEY);
        if (raw != null) {
            String key = raw.scalar().strip();
            signingKey = key.isEmpty() ? Optional.empty() : Optional.of(key);
        }
        Duration heartbeat = duration(values.get(ConfigKey.HEARTBEAT_INTERVAL), HeartbeatLoop.DEFAULT_INTERVAL);
        LogLevel level = LogLevel.INFO;
        raw = values.get(ConfigKey.LOG_LEVEL);
        if (raw != null) {
            try {
                level = LogLevel.parse(raw.scalar().strip());
            } catch (IllegalArgumentException e) {
                throw invalid(raw, e.getMessage());
            }
        }
        LogFormat format = LogFormat.TEXT;
        raw = values.get(ConfigKey.LOG_FORMAT);
        if (raw != null) {
            try {
                format = LogFormat.parse(raw.scalar().strip());
            } catch (IllegalArgumentException e) {
                throw invalid(raw, e.getMessage());
            }
        }
        AgentConfig config = new AgentConfig(
                nodeId,
                url,
                token,
                Optional.empty(),
                caFile,
                insecureTls,
                allowHttp,
                iface,
                listenPort,
                backend,
                natEnabled,
                servers,
                refresh,
                timeout,
                signingKey,
                heartbeat,
                level,
                format,
                allowEphemeralStun,
                origins);
        checkExchangeRules(config);
        return config;
    }

    /** The core's own rules (at least 10 s refresh …), reported under the key the operator wrote. */
    private static void checkExchangeRules(AgentConfig config) throws ConfigException {
        try {
            config.exchangeConfig().validate();
        } catch (InvalidConfigException e) {
            String message = e.getMessage();
            ConfigKey key = message.startsWith("STUNServers")
                    ? ConfigKey.STUN_SERVERS
                    : message.startsWith("RefreshInterval") ? ConfigKey.REFRESH_INTERVAL : ConfigKey.TIMEOUT;
            throw new ConfigException("invalid " + config.nameOf(key) + ": " + message);
        }
    }

    private static URI url(RawValue raw) throws ConfigException {
        String text = raw.scalar().strip();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                throw invalid(raw, "expected an absolute URL like https://cp.example.com");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(raw, "not a valid URL (" + e.getReason() + ")");
        }
    }

    private static Path path(RawValue raw) throws ConfigException {
        String text = raw.scalar();
        if (text.isBlank()) {
            throw invalid(raw, "empty path");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw invalid(raw, "not a valid path");
        }
    }

    private static boolean bool(RawValue raw, boolean defaultValue) throws ConfigException {
        if (raw == null) {
            return defaultValue;
        }
        return switch (raw.scalar().strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(raw, "expected true or false");
        };
    }

    private static String interfaceName(RawValue raw) throws ConfigException {
        if (raw == null) {
            return AgentConfig.DEFAULT_INTERFACE;
        }
        String name = raw.scalar().strip();
        // IFNAMSIZ is 16 with the NUL; the name is also a file name (the UAPI socket) and must not escape its
        // directory.
        boolean ok = !name.isEmpty()
                && name.length() <= 15
                && !name.equals(".")
                && !name.equals("..")
                && name.chars()
                        .allMatch(c -> (c >= '0' && c <= '9')
                                || (c >= 'a' && c <= 'z')
                                || (c >= 'A' && c <= 'Z')
                                || c == '.'
                                || c == '-'
                                || c == '_');
        if (!ok) {
            throw invalid(raw, "expected an interface name of 1-15 letters, digits, '.', '-' or '_'");
        }
        return name;
    }

    private static int port(RawValue raw) throws ConfigException {
        if (raw == null) {
            return AgentConfig.DEFAULT_LISTEN_PORT;
        }
        String text = raw.scalar().strip();
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(raw, "expected a port number 0-65535");
        }
        int port = Integer.parseInt(text);
        if (port > 65535) {
            throw invalid(raw, "expected a port number 0-65535");
        }
        return port;
    }

    private static Backend backend(RawValue raw) throws ConfigException {
        if (raw == null) {
            return Backend.AUTO;
        }
        try {
            return Backend.parse(raw.scalar().strip());
        } catch (IllegalArgumentException e) {
            throw invalid(raw, "expected auto, uapi or netlink");
        }
    }

    private static List<StunServer> stunServers(RawValue raw) throws ConfigException {
        if (raw == null) {
            return List.of();
        }
        List<StunServer> servers = new ArrayList<>();
        for (String item : raw.items()) {
            for (String part : item.split(",", -1)) {
                String text = part.strip();
                if (text.isEmpty()) {
                    continue;
                }
                try {
                    servers.add(StunServer.parse(text));
                } catch (IllegalArgumentException e) {
                    throw invalid(raw, e.getMessage());
                }
            }
        }
        return servers;
    }

    private static Duration duration(RawValue raw, Duration defaultValue) throws ConfigException {
        if (raw == null) {
            return defaultValue;
        }
        Duration value;
        try {
            value = DurationText.parse(raw.scalar().strip());
        } catch (IllegalArgumentException e) {
            throw invalid(raw, e.getMessage());
        }
        if (value.isZero()) {
            throw invalid(raw, "must be positive");
        }
        return value;
    }

    private Optional<String> envValue(String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static ConfigException invalid(RawValue raw, String problem) {
        return new ConfigException("invalid " + raw.origin() + ": " + problem);
    }
}
