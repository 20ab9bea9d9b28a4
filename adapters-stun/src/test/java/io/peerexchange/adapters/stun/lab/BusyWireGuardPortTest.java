package io.peerexchange.adapters.stun.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.testing.env.Require;
import io.peerexchange.testing.netns.NatLab;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test of docs/PROTOCOL.md#shared-port in the NAT lab (docs/ARCHITECTURE.md#nat-lab): wireguard-go holds UDP 51820 behind a router
 * that maps source port 51820 to 40000 and every other port randomly. Discovery runs in a child
 * JVM inside the peer namespace (a JVM's threads cannot be moved between namespaces reliably),
 * optionally without CAP_NET_RAW ({@code setpriv}). Needs root; never skipped in CI.
 */
class BusyWireGuardPortTest {
    private static NatLab lab;

    @BeforeAll
    static void startLab() throws Exception {
        Require.root("network namespaces, iptables and wireguard-go need root");
        for (String command : List.of("ip", "iptables", "wg", "wireguard-go", "turnserver", "ss", "setpriv")) {
            Require.commands(command);
        }
        lab = NatLab.start("pxs");
    }

    @AfterAll
    static void stopLab() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void givenWireGuardOwnsItsPort_discovery_reportsTheRoutersMappingOfThatPort() throws Exception {
        assertThat(lab.udpListeners(lab.peer(), NatLab.WG_PORT)).contains("wireguard-go");

        String result = discover(server4(), NatLab.WG_PORT, false, true);

        assertThat(result)
                .isEqualTo("OK " + NatLab.ROUTER_WAN + ":" + NatLab.SNAT_PORT + " SHARED_PORT " + NatLab.WG_PORT);
        assertThat(lab.udpListeners(lab.peer(), NatLab.WG_PORT)).contains("wireguard-go");
    }

    @Test
    void givenWireGuardOwnsItsPort_ipv6Discovery_sharesThePortToo() throws Exception {
        String result = discover("[" + NatLab.STUN_V6 + "]:" + NatLab.STUN_PORT, NatLab.WG_PORT, false, true);

        assertThat(result)
                .isEqualTo("OK [" + NatLab.PEER_V6 + "]:" + NatLab.WG_PORT + " SHARED_PORT " + NatLab.WG_PORT);
    }

    @Test
    void givenEphemeralPort_discovery_reportsAnotherPortThanWireGuards() throws Exception {
        String result = discover(server4(), 0, false, true);

        assertThat(result).startsWith("OK " + NatLab.ROUTER_WAN + ":").contains(" BOUND ");
        assertThat(mappedPort(result)).isNotEqualTo(NatLab.SNAT_PORT);
    }

    @Test
    void givenNoCapNetRawAndNoFallback_discovery_failsSayingSo() throws Exception {
        String result = discover(server4(), NatLab.WG_PORT, false, false);

        assertThat(result).startsWith("ERR local UDP port 51820 is in use").contains("CAP_NET_RAW");
    }

    @Test
    void givenNoCapNetRawAndFallbackAllowed_discovery_reportsAnEphemeralMappingFlaggedAsSuch() throws Exception {
        String result = discover(server4(), NatLab.WG_PORT, true, false);

        assertThat(result).startsWith("OK " + NatLab.ROUTER_WAN + ":").contains(" EPHEMERAL ");
        assertThat(mappedPort(result)).isNotEqualTo(NatLab.SNAT_PORT);
        assertThat(result).doesNotEndWith(" " + NatLab.WG_PORT);
    }

    private static String server4() {
        return NatLab.STUN_V4 + ":" + NatLab.STUN_PORT;
    }

    private static int mappedPort(String result) {
        String endpoint = result.split(" ")[1];
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    /** Runs {@link DiscoverMain} in the peer namespace, with or without CAP_NET_RAW, and returns its result line. */
    private static String discover(String server, int localPort, boolean fallback, boolean withRaw) throws Exception {
        Path result = Files.createTempFile(lab.directory(), "result", ".txt");
        Path log = Files.createTempFile(lab.directory(), "discover", ".log");
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", lab.peer()));
        if (!withRaw) {
            command.addAll(List.of("setpriv", "--inh-caps=-net_raw", "--bounding-set=-net_raw", "--"));
        }
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                testClassPath(),
                DiscoverMain.class.getName(),
                result.toString(),
                server,
                Integer.toString(localPort),
                "4000",
                Boolean.toString(fallback)));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        String line = Files.readString(result, StandardCharsets.UTF_8);
        assertThat(line)
                .as("discovery output; child log: %s", Files.readString(log))
                .isNotEmpty();
        return line;
    }

    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String classPath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return String.join(File.pathSeparator, classPath.split(File.pathSeparator));
    }
}
