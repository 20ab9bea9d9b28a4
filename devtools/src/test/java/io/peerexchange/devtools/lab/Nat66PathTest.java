package io.peerexchange.devtools.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.testing.env.Require;
import io.peerexchange.testing.lab.PathCase;
import io.peerexchange.testing.lab.PathResult;
import io.peerexchange.testing.lab.PathRig;
import io.peerexchange.testing.lab.PathRuns;
import io.peerexchange.testing.netns.NatLab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lab case (h) of the matrix (docs/ARCHITECTURE.md#lab-matrix): two real agents whose IPv4 between
 * each other is broken and whose IPv6 is behind NAT66 on both sides. The IPv4 STUN servers give the
 * report its endpoint; only the IPv6 STUN server (docs/PROTOCOL.md#stun-over-both-families) tells
 * each agent what NAT66 makes of its WireGuard port, and only that second srflx candidate, punched
 * by the checks, carries the tunnel.
 */
class Nat66PathTest {
    private static final String PREFIX = "pxn6";
    private static final Path RESULTS = Path.of("target", "path-matrix.txt");

    @BeforeEach
    void requireLab() {
        Require.root("the NAT66 lab needs network namespaces, ip6tables, conntrack and wireguard-go");
        Require.commands("iptables", "ip6tables", "conntrack", "turnserver", "wireguard-go", "wg", "ping", "ss");
        assertThat(Path.of(System.getProperty("peerexchange.jar", "../bootstrap/target/peerexchange.jar")))
                .as("agent jar (package bootstrap first)")
                .isRegularFile();
    }

    @Test
    void givenNat66OnBothSidesAndNoIpv4Path_theTunnelComesUpOverTheIpv6SrflxPair() throws Exception {
        PathRig.Builder rig = PathCase.H_NAT66
                .rig(PREFIX)
                .connectivityChecks(true)
                .controlPlaneClasspath(PathMatrixTest.controlPlaneClasspath());

        PathResult result = PathRuns.run(PathCase.H_NAT66, rig, PathMatrixTest.TUNNEL_LIMIT_MILLIS);
        String chosen = result.timeline()
                .lines()
                .filter(line -> line.contains(PathRig.PATH_CHOSEN))
                .reduce("", (a, b) -> a + b + "\n");
        record(result.summary() + "\n" + result.timeline());
        // The figures of a run, for whoever runs it by hand: the time to tunnel and the pair chosen.
        System.out.println("NAT66: " + result.summary() + "\n" + chosen);

        assertThat(result.tunnelMillis())
                .as("ping across the tunnel; %s", result.diagnostics())
                .isPresent();
        assertThat(result.kind1()).as(result.diagnostics()).hasValue("srflx");
        assertThat(result.kind2()).as(result.diagnostics()).hasValue("srflx");
        assertThat(chosen)
                .as("both agents chose a peer's NAT66 mapping; %s", result.diagnostics())
                .contains("[" + NatLab.ROUTER2_WAN_V6 + "]:" + NatLab.SNAT_PORT_2)
                .contains("[" + NatLab.ROUTER_WAN_V6 + "]:" + NatLab.SNAT_PORT);
        assertThat(result.timeline())
                .as("discovery found the IPv6 mapping of the WireGuard port beside the IPv4 one")
                .contains("[" + NatLab.ROUTER_WAN_V6 + "]:" + NatLab.SNAT_PORT)
                .contains("[" + NatLab.ROUTER2_WAN_V6 + "]:" + NatLab.SNAT_PORT_2);
    }

    private static void record(String line) throws IOException {
        Files.createDirectories(RESULTS.getParent());
        Files.writeString(
                RESULTS, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
