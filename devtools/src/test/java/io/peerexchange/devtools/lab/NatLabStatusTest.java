package io.peerexchange.devtools.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerexchange.testing.env.Require;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code peerexchange status} in the two-peer NAT lab ({@code lab/nat-lab.sh}, phase 1 only): each
 * agent's status names the other peer on a direct path at the endpoint WireGuard holds, with a fresh
 * handshake, and {@code status --check ready} passes. Then the lab stops its control plane: with
 * {@code poll_after} 3 s and {@code poll_interval} 2 s agent a polls, gets no answer and fails the
 * ready check; once the control plane is back it passes again (docs/PROTOCOL.md#health-checks).
 */
class NatLabStatusTest {
    /** Phase 1 and the status capture, then the outage and the recovery (each bounded by the lab). */
    private static final long LIMIT_SECONDS = 150 + 120;
    /** The acceptance bound: the lab pings right before the status is taken. */
    private static final long HANDSHAKE_AGE_LIMIT_SECONDS = 10;

    private static final Set<String> DIRECT_PATHS = Set.of("host", "srflx", "prflx", "portmap");

    @Test
    void givenTheNatLabsTunnelUp_statusJson_showsTheOtherPeerOnADirectPathWithAFreshHandshake() throws Exception {
        Require.root("the NAT lab needs network namespaces, iptables and wireguard-go");
        Path jar = Path.of(System.getProperty("peerexchange.jar", "../bootstrap/target/peerexchange.jar"));
        Path script = Path.of(System.getProperty("natlab.script", "lab/nat-lab.sh"));
        assertThat(jar).as("agent jar (package bootstrap first)").isRegularFile();
        Path out = Path.of("target", "nat-lab-status").toAbsolutePath();
        Files.createDirectories(out);
        Path log = out.resolve("nat-lab.log");

        ProcessBuilder builder = new ProcessBuilder("bash", script.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PXL_JAR", jar.toAbsolutePath().toString());
        builder.environment().put("PXL_CP_CLASSPATH", controlPlaneClasspath());
        builder.environment().put("PXL_STATUS_OUT", out.toString());
        builder.environment().put("PXL_PHASES", "1");
        builder.environment().put("PXL_OUTAGE", "1");
        Process lab = builder.start();
        boolean finished = lab.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            lab.destroy();
            lab.waitFor(20, TimeUnit.SECONDS);
            lab.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("lab finished; output:%n%s", output).isTrue();
        assertThat(lab.exitValue()).as("lab exit code; output:%n%s", output).isZero();

        assertStatus(out, "a", "b", "203.0.113.20:41000", "203.0.113.10:40000");
        assertStatus(out, "b", "a", "203.0.113.10:40000", "203.0.113.20:41000");

        String outage = Files.readString(out.resolve("outage-a.err"));
        assertThat(Files.readString(out.resolve("outage-a.rc")).strip())
                .as("status --check ready on a with the control plane stopped: %s%n%s", outage, output)
                .isEqualTo("1");
        assertThat(outage)
                .contains("ready check failed")
                .contains("event stream down for")
                .contains("polling the node state; polling gets no answer");
        assertThat(Files.readString(out.resolve("recovered-a.rc")).strip())
                .as(
                        "status --check ready on a with the control plane back: %s%n%s",
                        Files.readString(out.resolve("recovered-a.err")), output)
                .isEqualTo("0");
    }

    private static void assertStatus(Path out, String node, String other, String otherEndpoint, String ownEndpoint)
            throws Exception {
        String text = Files.readString(out.resolve("status-" + node + ".json"));
        JsonNode status = new ObjectMapper().readTree(text);

        assertThat(status.path("schema").asInt()).isEqualTo(1);
        assertThat(status.path("node").path("id").asText()).isEqualTo(node);
        assertThat(status.path("node").path("public_endpoint").asText()).isEqualTo(ownEndpoint);
        assertThat(status.path("node").path("nat_type").asText()).isEqualTo("full_cone");
        assertThat(status.path("control_plane").path("event_stream").asText()).isEqualTo("up");
        assertThat(status.path("wireguard").path("reachable").asBoolean()).isTrue();
        assertThat(status.path("health").path("ready").asBoolean()).as(text).isTrue();
        JsonNode peers = status.path("peers");
        assertThat(peers.size()).as(text).isEqualTo(1);
        JsonNode peer = peers.get(0);
        assertThat(peer.path("id").asText()).isEqualTo(other);
        assertThat(peer.path("endpoint").asText()).isEqualTo(otherEndpoint);
        assertThat(peer.path("path").asText()).as(text).isIn(DIRECT_PATHS);
        assertThat(peer.path("latest_handshake_age_seconds").isNumber())
                .as(text)
                .isTrue();
        assertThat(peer.path("latest_handshake_age_seconds").asLong()).isLessThan(HANDSHAKE_AGE_LIMIT_SECONDS);
        assertThat(peer.path("rx_bytes").asLong()).isPositive();
        assertThat(peer.path("tx_bytes").asLong()).isPositive();
        assertThat(peer.path("endpoint_changed_at").isTextual()).as(text).isTrue();
        assertThat(peer.path("public_key").asText())
                .as("a shortened public key")
                .hasSize(10);

        assertThat(Files.readString(out.resolve("ready-" + node + ".rc")).strip())
                .as("status --check ready on %s: %s", node, Files.readString(out.resolve("ready-" + node + ".err")))
                .isEqualTo("0");
        assertThat(Files.readString(out.resolve("status-" + node + ".txt")))
                .contains("node " + node)
                .contains(otherEndpoint);
    }

    /** This module's runtime classpath, without the agent (as {@link NatLabTest} passes it). */
    private static String controlPlaneClasspath() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry ->
                        !entry.contains("/io/peerexchange/bootstrap/") && !entry.contains("/bootstrap/target/"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
