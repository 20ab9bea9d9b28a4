package io.peerexchange.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.adapters.stun.turn.TurnRelay;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.ConfigKey;
import io.peerexchange.bootstrap.config.ConfigResolver;
import io.peerexchange.bootstrap.config.RawValue;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.testing.coturn.Coturn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configured relay is one object: the relay candidate's source, and closed with the connectivity checks. */
class RelayWiringTest {
    @TempDir
    Path dir;

    @Test
    void givenTurnServers_theComponentsRelayReportsItsCandidate_andClosingTheChecksStopsItsThreads() throws Exception {
        try (Coturn coturn = Coturn.listeningOn("127.0.0.1")
                .longTermUser("px.test", "alice", "wiring-pw")
                .relayIp("127.0.0.1")
                .start()) {
            Map<ConfigKey, RawValue> flags = new EnumMap<>(ConfigKey.class);
            flags.put(ConfigKey.NODE_ID, RawValue.of("n1", "--node-id"));
            flags.put(ConfigKey.CONTROL_PLANE_URL, RawValue.of("https://cp.example.com", "--control-plane-url"));
            flags.put(ConfigKey.TURN_SERVERS, RawValue.of(coturn.address(), "--turn-server"));
            flags.put(ConfigKey.TURN_USERNAME, RawValue.of("alice", "--turn-username"));
            flags.put(
                    ConfigKey.TURN_PASSWORD_FILE,
                    RawValue.of(
                            Files.writeString(dir.resolve("pw"), "wiring-pw").toString(), "--turn-password-file"));
            AgentConfig config = new ConfigResolver(Map.of(ConfigKey.TOKEN_ENV, "tkn-1234567890"))
                    .resolve(Optional.empty(), flags, false)
                    .requireForRun();
            config = config.withToken(config.tokenSource().orElseThrow().load());
            AgentComponent component = AgentComponent.create(config);

            TurnRelay relay = component.turnRelay().orElseThrow();
            assertThat(relay.allocate()).isPresent();
            assertThat(relay.candidates(config.listenPort()))
                    .singleElement()
                    .satisfies(c -> assertThat(c.kind()).isEqualTo(CandidateKind.RELAY));

            component.connectivityChecks().close();

            assertThat(relay.relayedAddress()).isEmpty();
            assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName))
                    .doesNotContainAnyElementsOf(List.of("peerexchange-relay", "peerexchange-turn"));
        }
    }
}
