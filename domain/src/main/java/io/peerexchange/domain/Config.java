package io.peerexchange.domain;

import io.peerexchange.ports.StunServer;
import java.time.Duration;
import java.util.List;

/**
 * Endpoint exchange settings. Unset values ({@code null} durations, an empty server list) are
 * filled by {@link #applyDefaults()}; {@link #validate()} checks the rules only when enabled.
 */
public record Config(boolean enabled, List<StunServer> stunServers, Duration refreshInterval, Duration timeout) {

    public static final List<StunServer> DEFAULT_STUN_SERVERS =
            List.of(StunServer.parse("stun.l.google.com:19302"), StunServer.parse("stun.cloudflare.com:3478"));
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(10);

    public Config {
        stunServers = stunServers == null ? List.of() : List.copyOf(stunServers);
    }

    /** Enabled, default STUN servers, 60 s refresh, 5 s timeout. */
    public static Config defaults() {
        return new Config(true, List.of(), null, null).applyDefaults();
    }

    /** Fills what is unset: servers when none are given, zero or missing durations. */
    public Config applyDefaults() {
        return new Config(
                enabled,
                stunServers.isEmpty() ? DEFAULT_STUN_SERVERS : stunServers,
                refreshInterval == null || refreshInterval.isZero() ? DEFAULT_REFRESH_INTERVAL : refreshInterval,
                timeout == null || timeout.isZero() ? DEFAULT_TIMEOUT : timeout);
    }

    /**
     * Checks the rules when enabled; a disabled config is not checked.
     *
     * @throws InvalidConfigException naming the first broken rule
     */
    public Config validate() {
        if (!enabled) {
            return this;
        }
        if (stunServers.isEmpty()) {
            throw new InvalidConfigException(ConfigField.STUN_SERVERS, "STUNServers must not be empty when enabled");
        }
        if (refreshInterval == null || refreshInterval.compareTo(MIN_REFRESH_INTERVAL) < 0) {
            throw new InvalidConfigException(ConfigField.REFRESH_INTERVAL, "RefreshInterval must be at least 10s");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new InvalidConfigException(ConfigField.TIMEOUT, "Timeout must be positive");
        }
        return this;
    }

    public Config withEnabled(boolean value) {
        return new Config(value, stunServers, refreshInterval, timeout);
    }

    public Config withStunServers(List<StunServer> value) {
        return new Config(enabled, value, refreshInterval, timeout);
    }

    public Config withRefreshInterval(Duration value) {
        return new Config(enabled, stunServers, value, timeout);
    }

    public Config withTimeout(Duration value) {
        return new Config(enabled, stunServers, refreshInterval, value);
    }
}
