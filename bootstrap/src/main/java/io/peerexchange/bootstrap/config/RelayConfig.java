package io.peerexchange.bootstrap.config;

import io.peerexchange.adapters.stun.turn.TurnCredentials;
import io.peerexchange.domain.paths.RelayMode;
import io.peerexchange.ports.StunServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The relay settings taken together (docs/PROTOCOL.md#turn-relay): TURN servers, a username and
 * either a password file or coturn's shared-secret file, and the {@code relay} mode. Which
 * combinations make sense is checked with the rest of the configuration; the secret files are read
 * when the relay is built, and neither their content nor its length goes into a message.
 */
public final class RelayConfig {
    /** A password or secret file is a line, not a document. */
    static final int MAX_FILE_BYTES = 4 * 1024;

    private RelayConfig() {}

    public static RelayMode mode(AgentConfig config) {
        return config.value(ConfigKey.RELAY, RelayMode.class);
    }

    public static List<StunServer> servers(AgentConfig config) {
        return config.find(ConfigKey.TURN_SERVERS, List.class).orElse(List.of()).stream()
                .map(StunServer.class::cast)
                .toList();
    }

    /** Whether the agent is to run a relay at all: a mode other than off, and servers. */
    public static boolean enabled(AgentConfig config) {
        return mode(config) != RelayMode.OFF && !servers(config).isEmpty();
    }

    /**
     * @throws ConfigException when {@code relay: always} has no server, servers have no username or
     *     credentials, or both a password and a secret file are given
     */
    static void check(AgentConfig config) throws ConfigException {
        boolean servers = !servers(config).isEmpty();
        if (mode(config) == RelayMode.ALWAYS && !servers) {
            throw new ConfigException("invalid " + config.nameOf(ConfigKey.RELAY) + ": always needs "
                    + ConfigKey.TURN_SERVERS.yamlKey() + " (" + ConfigKey.TURN_SERVERS.flag() + ")");
        }
        boolean password = config.find(ConfigKey.TURN_PASSWORD_FILE, Path.class).isPresent();
        boolean secret = config.find(ConfigKey.TURN_SECRET_FILE, Path.class).isPresent();
        if (password && secret) {
            throw new ConfigException(config.nameOf(ConfigKey.TURN_PASSWORD_FILE) + " and "
                    + config.nameOf(ConfigKey.TURN_SECRET_FILE) + " are both set: set only one");
        }
        if (!servers || mode(config) == RelayMode.OFF) {
            return;
        }
        if (config.find(ConfigKey.TURN_USERNAME, String.class).isEmpty()) {
            throw new ConfigException("missing " + ConfigKey.TURN_USERNAME.yamlKey() + ": "
                    + config.nameOf(ConfigKey.TURN_SERVERS) + " needs it (" + ConfigKey.TURN_USERNAME.flag() + ")");
        }
        if (!password && !secret) {
            throw new ConfigException("missing TURN credentials: " + config.nameOf(ConfigKey.TURN_SERVERS)
                    + " needs " + ConfigKey.TURN_PASSWORD_FILE.yamlKey() + " or "
                    + ConfigKey.TURN_SECRET_FILE.yamlKey());
        }
    }

    /**
     * The credentials, the password or secret read from its file now.
     *
     * @throws ConfigException when the file is missing, unreadable, empty or too large
     */
    public static TurnCredentials credentials(AgentConfig config, Clock clock) throws ConfigException {
        String user = config.value(ConfigKey.TURN_USERNAME, String.class);
        Optional<Path> password = config.find(ConfigKey.TURN_PASSWORD_FILE, Path.class);
        if (password.isPresent()) {
            return TurnCredentials.longTerm(user, read(config, ConfigKey.TURN_PASSWORD_FILE, password.get()));
        }
        Path secret = config.value(ConfigKey.TURN_SECRET_FILE, Path.class);
        return TurnCredentials.timeLimited(
                user, read(config, ConfigKey.TURN_SECRET_FILE, secret).getBytes(StandardCharsets.UTF_8), clock);
    }

    private static String read(AgentConfig config, ConfigKey key, Path file) throws ConfigException {
        String origin = config.nameOf(key);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new ConfigException(
                        "invalid " + origin + ": " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw new ConfigException("invalid " + origin + ": " + file + " is empty");
            }
            return text;
        } catch (NoSuchFileException e) {
            throw new ConfigException("invalid " + origin + ": " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("invalid " + origin + ": cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
