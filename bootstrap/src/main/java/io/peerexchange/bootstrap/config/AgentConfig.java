package io.peerexchange.bootstrap.config;

import io.peerexchange.adapters.controlplane.events.StreamSettings;
import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.adapters.wireguard.Backend;
import io.peerexchange.bootstrap.logging.LogFormat;
import io.peerexchange.bootstrap.logging.LogLevel;
import io.peerexchange.domain.Config;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.PortMappingMode;
import io.peerexchange.ports.StunServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's resolved configuration: every key parsed and type-checked, file &lt; environment &lt;
 * flag and defaults already applied, held by key. A new key needs no accessor here: its user reads
 * {@link #value} or {@link #find}. What {@code run} needs but {@code discover} does not (node id,
 * URL, token) is optional here and demanded by {@link #requireForRun()}.
 */
public final class AgentConfig {
    public static final String DEFAULT_INTERFACE = "wg0";
    public static final int DEFAULT_LISTEN_PORT = 51820;
    /** The control socket outside systemd; under systemd it goes to the unit's runtime directory. */
    public static final String DEFAULT_CONTROL_SOCKET = "/run/peerexchange/agent.sock";
    /** Its file name in systemd's {@code $RUNTIME_DIRECTORY}. */
    public static final String CONTROL_SOCKET_NAME = "agent.sock";

    private final Map<ConfigKey, Object> values;
    private final Map<ConfigKey, String> origins;
    private final Optional<TokenSource> tokenSource;
    private final Optional<BearerToken> token;
    private final boolean allowEphemeralStun;

    private AgentConfig(Builder b) {
        this.values = Map.copyOf(b.values);
        this.origins = Map.copyOf(b.origins);
        this.tokenSource = Objects.requireNonNull(b.tokenSource, "tokenSource");
        this.token = Objects.requireNonNull(b.token, "token");
        this.allowEphemeralStun = b.allowEphemeralStun;
    }

    static Builder builder() {
        return new Builder();
    }

    /**
     * The value of a key that has one (it was set or has a default).
     *
     * @throws IllegalStateException when the key is unset and has no default, or is not a {@code type}
     */
    public <T> T value(ConfigKey key, Class<T> type) {
        return find(key, type).orElseThrow(() -> new IllegalStateException(key.yamlKey() + " is not set"));
    }

    /** The value of a key, empty when it is unset and has no default. */
    public <T> Optional<T> find(ConfigKey key, Class<T> type) {
        Object value = values.get(key);
        if (value != null && !type.isInstance(value)) {
            throw new IllegalStateException(key.yamlKey() + " is not a " + type.getSimpleName());
        }
        return Optional.ofNullable(type.cast(value));
    }

    /** The key as the operator set it ({@code --listen-port}, {@code PEEREXCHANGE_…}), else its YAML name. */
    public String nameOf(ConfigKey key) {
        return origins.getOrDefault(key, key.yamlKey());
    }

    /**
     * Checks that what only {@code run} needs is present.
     *
     * @throws ConfigException naming the first missing key and the three ways to set it
     */
    public AgentConfig requireForRun() throws ConfigException {
        for (ConfigKey key : ConfigKey.values()) {
            if (key.definition().requiredForRun() && !values.containsKey(key)) {
                throw new ConfigException("missing " + key.yamlKey() + ": set " + key.yamlKey()
                        + " in the config file, " + key.envVar() + " or " + key.flag());
            }
        }
        if (tokenSource.isEmpty()) {
            throw new ConfigException("missing token: set " + ConfigKey.TOKEN_FILE.yamlKey() + " in the config file, "
                    + ConfigKey.TOKEN_FILE.envVar() + ", " + ConfigKey.TOKEN_FILE.flag() + " or "
                    + ConfigKey.TOKEN_ENV);
        }
        RelayConfig.check(this);
        return this;
    }

    /** With the token read from its source. */
    public AgentConfig withToken(BearerToken value) {
        Builder b = toBuilder();
        b.token = Optional.of(value);
        return b.build();
    }

    /** The core's exchange settings, defaults applied (an empty STUN server list: the default ones). */
    public Config exchangeConfig() {
        return new Config(natEnabled(), stunServers(), refreshInterval(), timeout()).applyDefaults();
    }

    public NodeId requiredNodeId() {
        return nodeId().orElseThrow(() -> new IllegalStateException("node id not configured"));
    }

    public Optional<NodeId> nodeId() {
        return find(ConfigKey.NODE_ID, NodeId.class);
    }

    public Optional<URI> controlPlaneUrl() {
        return find(ConfigKey.CONTROL_PLANE_URL, URI.class);
    }

    public Optional<TokenSource> tokenSource() {
        return tokenSource;
    }

    public Optional<BearerToken> token() {
        return token;
    }

    public Optional<Path> caFile() {
        return find(ConfigKey.CA_FILE, Path.class);
    }

    public boolean insecureTls() {
        return value(ConfigKey.INSECURE_TLS, Boolean.class);
    }

    public boolean allowHttp() {
        return value(ConfigKey.ALLOW_HTTP, Boolean.class);
    }

    public String interfaceName() {
        return value(ConfigKey.INTERFACE, String.class);
    }

    public int listenPort() {
        return value(ConfigKey.LISTEN_PORT, Integer.class);
    }

    public Backend wgBackend() {
        return value(ConfigKey.WG_BACKEND, Backend.class);
    }

    public boolean natEnabled() {
        return value(ConfigKey.NAT_ENABLED, Boolean.class);
    }

    public List<StunServer> stunServers() {
        List<?> servers = value(ConfigKey.STUN_SERVERS, List.class);
        return servers.stream().map(StunServer.class::cast).toList();
    }

    public Duration refreshInterval() {
        return value(ConfigKey.REFRESH_INTERVAL, Duration.class);
    }

    public Duration timeout() {
        return value(ConfigKey.TIMEOUT, Duration.class);
    }

    public Optional<String> signingKey() {
        return find(ConfigKey.SIGNING_KEY, String.class);
    }

    public Duration heartbeatInterval() {
        return value(ConfigKey.HEARTBEAT_INTERVAL, Duration.class);
    }

    /** The event stream's timing: the protocol's, with the configured polling fallback. */
    public StreamSettings streamSettings() {
        return StreamSettings.defaults()
                .withPolling(
                        value(ConfigKey.POLL_AFTER, Duration.class), value(ConfigKey.POLL_INTERVAL, Duration.class));
    }

    /** The control socket: the configured one, else the default resolved from the environment. */
    public Path controlSocket() {
        return value(ConfigKey.CONTROL_SOCKET, Path.class);
    }

    /**
     * The default control socket for a {@code RUNTIME_DIRECTORY} (systemd sets it, several directories
     * colon-separated: the first is taken).
     */
    public static Path defaultControlSocket(Optional<String> runtimeDirectory) {
        return runtimeDirectory
                .map(dirs -> dirs.split(":", -1)[0])
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, CONTROL_SOCKET_NAME))
                .orElse(Path.of(DEFAULT_CONTROL_SOCKET));
    }

    public PortMappingMode portMapping() {
        return value(ConfigKey.PORT_MAPPING, PortMappingMode.class);
    }

    public LogLevel logLevel() {
        return value(ConfigKey.LOG_LEVEL, LogLevel.class);
    }

    public LogFormat logFormat() {
        return value(ConfigKey.LOG_FORMAT, LogFormat.class);
    }

    /** A {@code discover}-only switch: accept a mapping learned from another port. */
    public boolean allowEphemeralStun() {
        return allowEphemeralStun;
    }

    @Override
    public String toString() {
        // The token and its source stay out: a config may be logged.
        return "AgentConfig" + values.keySet();
    }

    private Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        b.origins.putAll(origins);
        b.tokenSource = tokenSource;
        b.token = token;
        b.allowEphemeralStun = allowEphemeralStun;
        return b;
    }

    /** Collects the resolved values; only the resolver builds a config. */
    static final class Builder {
        private final Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
        private final Map<ConfigKey, String> origins = new EnumMap<>(ConfigKey.class);
        private Optional<TokenSource> tokenSource = Optional.empty();
        private Optional<BearerToken> token = Optional.empty();
        private boolean allowEphemeralStun;

        private Builder() {}

        Builder value(ConfigKey key, Object value) {
            values.put(key, Objects.requireNonNull(value, key.yamlKey()));
            return this;
        }

        /** Where a key came from, as the operator wrote it. */
        Builder origin(ConfigKey key, String origin) {
            origins.put(key, Objects.requireNonNull(origin, "origin"));
            return this;
        }

        Builder tokenSource(TokenSource source) {
            tokenSource = Optional.of(source);
            return this;
        }

        Builder allowEphemeralStun(boolean value) {
            allowEphemeralStun = value;
            return this;
        }

        AgentConfig build() {
            return new AgentConfig(this);
        }
    }
}
