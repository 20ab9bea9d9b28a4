package io.peerexchange.bootstrap.config;

import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.adapters.wireguard.Backend;
import io.peerexchange.bootstrap.logging.LogFormat;
import io.peerexchange.bootstrap.logging.LogLevel;
import io.peerexchange.domain.Config;
import io.peerexchange.ports.NodeId;
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
 * flag already applied. What {@code run} needs but {@code discover} does not (node id, URL, token)
 * is optional here and demanded by {@link #requireForRun()}.
 *
 * @param origins            where each set key came from, so later checks can name it as written
 * @param allowEphemeralStun a {@code discover}-only switch: accept a mapping learned from another port
 */
public record AgentConfig(
        Optional<NodeId> nodeId,
        Optional<URI> controlPlaneUrl,
        Optional<TokenSource> tokenSource,
        Optional<BearerToken> token,
        Optional<Path> caFile,
        boolean insecureTls,
        boolean allowHttp,
        String interfaceName,
        int listenPort,
        Backend wgBackend,
        boolean natEnabled,
        List<StunServer> stunServers,
        Duration refreshInterval,
        Duration timeout,
        Optional<String> signingKey,
        Duration heartbeatInterval,
        LogLevel logLevel,
        LogFormat logFormat,
        boolean allowEphemeralStun,
        Map<ConfigKey, String> origins) {

    public static final String DEFAULT_INTERFACE = "wg0";
    public static final int DEFAULT_LISTEN_PORT = 51820;

    public AgentConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(controlPlaneUrl, "controlPlaneUrl");
        Objects.requireNonNull(tokenSource, "tokenSource");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(wgBackend, "wgBackend");
        stunServers = List.copyOf(stunServers);
        Objects.requireNonNull(refreshInterval, "refreshInterval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(logFormat, "logFormat");
        origins = origins.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(origins));
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listen port must be 0-65535");
        }
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
        if (nodeId.isEmpty()) {
            throw missing(ConfigKey.NODE_ID);
        }
        if (controlPlaneUrl.isEmpty()) {
            throw missing(ConfigKey.CONTROL_PLANE_URL);
        }
        if (tokenSource.isEmpty()) {
            throw new ConfigException("missing token: set " + ConfigKey.TOKEN_FILE.yamlKey() + " in the config file, "
                    + ConfigKey.TOKEN_FILE.envVar() + ", " + ConfigKey.TOKEN_FILE.flag() + " or "
                    + ConfigKey.TOKEN_ENV);
        }
        return this;
    }

    /** With the token read from its source. */
    public AgentConfig withToken(BearerToken value) {
        return new AgentConfig(
                nodeId,
                controlPlaneUrl,
                tokenSource,
                Optional.of(value),
                caFile,
                insecureTls,
                allowHttp,
                interfaceName,
                listenPort,
                wgBackend,
                natEnabled,
                stunServers,
                refreshInterval,
                timeout,
                signingKey,
                heartbeatInterval,
                logLevel,
                logFormat,
                allowEphemeralStun,
                origins);
    }

    /** The core's exchange settings, defaults applied (no STUN servers configured: the default ones). */
    public Config exchangeConfig() {
        return new Config(natEnabled, stunServers, refreshInterval, timeout).applyDefaults();
    }

    public NodeId requiredNodeId() {
        return nodeId.orElseThrow(() -> new IllegalStateException("node id not configured"));
    }

    private static ConfigException missing(ConfigKey key) {
        return new ConfigException("missing " + key.yamlKey() + ": set " + key.yamlKey() + " in the config file, "
                + key.envVar() + " or " + key.flag());
    }
}
