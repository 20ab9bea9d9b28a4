package io.peerexchange.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.bootstrap.testing.MiniJson;
import io.peerexchange.bootstrap.testing.SuiteCoturn;
import io.peerexchange.testing.agent.AgentProcess;
import io.peerexchange.testing.coturn.Coturn;
import io.peerexchange.testing.net.FreePorts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code peerexchange discover} as a process against a real coturn on loopback. */
class DiscoverProcessIT {
    private static Coturn coturn;

    @BeforeAll
    static void startCoturn() throws Exception {
        coturn = SuiteCoturn.start();
    }

    @AfterAll
    static void stopCoturn() throws Exception {
        if (coturn != null) {
            coturn.close();
        }
    }

    @Test
    void givenCoturn_discoverJson_printsEndpointAndNatTypeAndExitsZero() throws Exception {
        try (AgentProcess agent =
                AgentProcess.start(Map.of(), "discover", "--stun-server", coturn.address(), "--port", "0", "--json")) {
            int code = agent.awaitExit(30);

            assertThat(code).as(agent.stderr()).isZero();
            Map<String, Object> json = MiniJson.object(agent.stdout().strip());
            assertThat(json).containsOnlyKeys("public_endpoint", "nat_type", "stun_servers", "method");
            assertThat((String) json.get("public_endpoint")).startsWith("127.0.0.1:");
            assertThat(json.get("nat_type")).isIn("none", "unknown");
            assertThat(json.get("stun_servers")).isEqualTo(List.of(coturn.address()));
            assertThat(json.get("method")).isEqualTo("bound");
            assertThat(agent.stdout().strip()).doesNotContain("\n");
        }
    }

    @Test
    void givenAFreePort_discover_reportsThatPortsMapping() throws Exception {
        int port = FreePorts.udp();
        try (AgentProcess agent = AgentProcess.start(
                Map.of(), "discover", "--stun-server", coturn.address(), "--port", String.valueOf(port))) {
            int code = agent.awaitExit(30);

            assertThat(code).as(agent.stderr()).isZero();
            assertThat(agent.stdout())
                    .contains("public endpoint  127.0.0.1:" + port + "\n")
                    .contains("stun servers     " + coturn.address())
                    .contains("method           bound");
        }
    }

    @Test
    void givenAClosedPort_discover_exitsOneWithOneLineAndNoStackTrace() throws Exception {
        try (AgentProcess agent = AgentProcess.start(
                Map.of(),
                "discover",
                "--stun-server",
                "127.0.0.1:" + FreePorts.udp(),
                "--port",
                "0",
                "--timeout",
                "1s",
                "--json")) {
            int code = agent.awaitExit(30);

            assertThat(code).isEqualTo(1);
            assertThat(agent.stdout()).isEmpty();
            assertThat(agent.stderr().lines()).hasSize(1);
            assertThat(agent.stderr())
                    .startsWith("peerexchange: discovery failed: all 1 STUN servers failed")
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ");
        }
    }
}
