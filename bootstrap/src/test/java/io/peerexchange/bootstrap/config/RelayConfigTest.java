package io.peerexchange.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.adapters.stun.turn.TurnRelay;
import io.peerexchange.bootstrap.wiring.AgentComponent;
import io.peerexchange.domain.paths.RelayMode;
import io.peerexchange.ports.StunServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay keys together: which combinations run, which are a configuration error naming the keys, and no secret in a message. */
class RelayConfigTest {
    private static final String PASSWORD = "turn-pw-Qx81-never-shown";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final Map<ConfigKey, RawValue> flags = new EnumMap<>(ConfigKey.class);

    private void flag(ConfigKey key, String... values) {
        flags.put(key, new RawValue(List.of(values), key.flag()));
    }

    private AgentConfig run() throws ConfigException {
        flag(ConfigKey.NODE_ID, "n1");
        flag(ConfigKey.CONTROL_PLANE_URL, "https://cp.example.com");
        env.put(ConfigKey.TOKEN_ENV, "tkn-1234567890");
        return new ConfigResolver(env).resolve(Optional.empty(), flags, false).requireForRun();
    }

    @Test
    void givenNoTurnServers_theRelayIsOffAndAutoIsTheDefault() throws Exception {
        AgentConfig config = run();

        assertThat(RelayConfig.mode(config)).isEqualTo(RelayMode.AUTO);
        assertThat(RelayConfig.enabled(config)).isFalse();
        assertThat(AgentComponent.create(config).turnRelay()).isEmpty();
    }

    @Test
    void givenRepeatedTurnServerFlagsAndAPasswordFile_theComponentBuildsTheRelay() throws Exception {
        Path password = Files.writeString(dir.resolve("turn-password"), PASSWORD + "\n");
        flag(ConfigKey.TURN_SERVERS, "127.0.0.1:3478", "[::1]:3479");
        flag(ConfigKey.TURN_USERNAME, "alice");
        flag(ConfigKey.TURN_PASSWORD_FILE, password.toString());

        AgentConfig config = run();

        assertThat(RelayConfig.servers(config))
                .containsExactly(new StunServer("127.0.0.1", 3478), new StunServer("::1", 3479));
        assertThat(RelayConfig.credentials(config, Clock.systemUTC()).toString())
                .doesNotContain(PASSWORD);
        Optional<TurnRelay> relay = AgentComponent.create(config).turnRelay();
        assertThat(relay).isPresent();
        relay.get().close();
    }

    @Test
    void givenTheEnvironment_turnServersAreCommaSeparated_andTheModeParses() throws Exception {
        Path secret = Files.writeString(dir.resolve("turn-secret"), "shared-secret");
        env.put("PEEREXCHANGE_TURN_SERVERS", "198.51.100.1:3478,198.51.100.2:3478");
        env.put("PEEREXCHANGE_TURN_USERNAME", "node-1");
        env.put("PEEREXCHANGE_TURN_SECRET_FILE", secret.toString());
        env.put("PEEREXCHANGE_RELAY", "always");

        AgentConfig config = run();

        assertThat(RelayConfig.servers(config)).hasSize(2);
        assertThat(RelayConfig.mode(config)).isEqualTo(RelayMode.ALWAYS);
        assertThat(RelayConfig.credentials(config, Clock.systemUTC()).toString())
                .contains("time-limited");
    }

    @Test
    void givenBadCombinations_requireForRun_namesTheKeys() throws Exception {
        flag(ConfigKey.RELAY, "always");
        assertThatThrownBy(this::run).hasMessage("invalid --relay: always needs turn_servers (--turn-server)");

        flags.clear();
        flag(ConfigKey.TURN_SERVERS, "127.0.0.1:3478");
        assertThatThrownBy(this::run).hasMessage("missing turn_username: --turn-server needs it (--turn-username)");

        flag(ConfigKey.TURN_USERNAME, "alice");
        assertThatThrownBy(this::run)
                .hasMessage("missing TURN credentials: --turn-server needs turn_password_file or turn_secret_file");

        flag(ConfigKey.TURN_PASSWORD_FILE, dir.resolve("p").toString());
        flag(ConfigKey.TURN_SECRET_FILE, dir.resolve("s").toString());
        assertThatThrownBy(this::run)
                .hasMessage("--turn-password-file and --turn-secret-file are both set: set only one");

        assertThatThrownBy(() -> {
                    flags.clear();
                    flag(ConfigKey.RELAY, "sometimes");
                    run();
                })
                .hasMessageContaining("invalid --relay")
                .hasMessageContaining("auto, off or always");
    }

    @Test
    void givenAMissingOrEmptyPasswordFile_buildingTheRelayFailsNamingTheKey_withoutItsContent() throws Exception {
        flag(ConfigKey.TURN_SERVERS, "127.0.0.1:3478");
        flag(ConfigKey.TURN_USERNAME, "alice");
        flag(ConfigKey.TURN_PASSWORD_FILE, dir.resolve("missing").toString());
        AgentConfig missing = run();
        assertThatThrownBy(() -> AgentComponent.create(missing).turnRelay())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid --turn-password-file")
                .hasMessageContaining("does not exist");

        flag(
                ConfigKey.TURN_PASSWORD_FILE,
                Files.writeString(dir.resolve("empty"), "\n").toString());
        AgentConfig empty = run();
        assertThatThrownBy(() -> RelayConfig.credentials(empty, Clock.systemUTC()))
                .hasMessageContaining("is empty");
    }
}
