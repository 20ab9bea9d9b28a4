package io.peerexchange.bootstrap;

import io.peerexchange.bootstrap.config.ConfigKey;
import io.peerexchange.bootstrap.config.RawValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Options {@code run} and {@code discover} share. Values stay text here: the config resolver parses
 * flags, environment and file the same way, so an error reads the same whichever layer holds it.
 */
public final class SharedOptions {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML config file (default: $PEEREXCHANGE_CONFIG, else none).")
    Path configFile;

    @Option(
            names = "--stun-server",
            paramLabel = "HOST:PORT",
            split = ",",
            description =
                    "STUN server; repeat for more. The first that answers gives the endpoint, a second with "
                            + "another IP address classifies the NAT. Default: stun.l.google.com:19302, stun.cloudflare.com:3478.")
    List<String> stunServers;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "Time allowed for each STUN binding, like 5s or 500ms (default 5s).")
    String timeout;

    @Option(
            names = "--log-format",
            paramLabel = "text|json",
            description = "Log format on stderr: text (logfmt) or json.")
    String logFormat;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "trace, debug, info, warn or error.")
    String logLevel;

    Optional<Path> configFile() {
        return Optional.ofNullable(configFile);
    }

    void addTo(Map<ConfigKey, RawValue> flags) {
        if (stunServers != null && !stunServers.isEmpty()) {
            flags.put(ConfigKey.STUN_SERVERS, new RawValue(stunServers, ConfigKey.STUN_SERVERS.flag()));
        }
        put(flags, ConfigKey.TIMEOUT, timeout);
        put(flags, ConfigKey.LOG_FORMAT, logFormat);
        put(flags, ConfigKey.LOG_LEVEL, logLevel);
    }

    static void put(Map<ConfigKey, RawValue> flags, ConfigKey key, String value) {
        put(flags, key, value, key.flag());
    }

    static void put(Map<ConfigKey, RawValue> flags, ConfigKey key, String value, String flag) {
        if (value != null) {
            flags.put(key, RawValue.of(value, flag));
        }
    }
}
