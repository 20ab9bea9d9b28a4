package io.peerexchange.bootstrap.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key, with its three spellings: the YAML key, the environment variable and
 * the {@code run} flag. The names are the public interface of the agent.
 */
public enum ConfigKey {
    NODE_ID("node_id", "--node-id"),
    CONTROL_PLANE_URL("control_plane_url", "--control-plane-url"),
    TOKEN_FILE("token_file", "--token-file"),
    CA_FILE("ca_file", "--ca-file"),
    INSECURE_TLS("insecure_tls", "--insecure-tls"),
    ALLOW_HTTP("allow_http", "--allow-http"),
    INTERFACE("interface", "--interface"),
    LISTEN_PORT("listen_port", "--listen-port"),
    WG_BACKEND("wg_backend", "--wg-backend"),
    NAT_ENABLED("nat_enabled", "--nat-enabled"),
    STUN_SERVERS("stun_servers", "--stun-server"),
    REFRESH_INTERVAL("refresh_interval", "--refresh-interval"),
    TIMEOUT("timeout", "--timeout"),
    SIGNING_KEY("signing_key", "--signing-key"),
    HEARTBEAT_INTERVAL("heartbeat_interval", "--heartbeat-interval"),
    LOG_LEVEL("log_level", "--log-level"),
    LOG_FORMAT("log_format", "--log-format");

    /** The environment variable holding the token itself (an alternative to {@code token_file}). */
    public static final String TOKEN_ENV = "PEEREXCHANGE_TOKEN";
    /** The environment variable naming the config file when {@code --config} is not given. */
    public static final String CONFIG_ENV = "PEEREXCHANGE_CONFIG";

    private final String yamlKey;
    private final String flag;

    ConfigKey(String yamlKey, String flag) {
        this.yamlKey = yamlKey;
        this.flag = flag;
    }

    public String yamlKey() {
        return yamlKey;
    }

    public String envVar() {
        return "PEEREXCHANGE_" + yamlKey.toUpperCase(Locale.ROOT);
    }

    public String flag() {
        return flag;
    }

    public static Optional<ConfigKey> byYamlKey(String key) {
        for (ConfigKey k : values()) {
            if (k.yamlKey.equals(key)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
