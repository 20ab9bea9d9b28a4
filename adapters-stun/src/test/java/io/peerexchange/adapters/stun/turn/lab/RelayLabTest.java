package io.peerexchange.adapters.stun.turn.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.testing.env.Require;
import io.peerexchange.testing.netns.RelayLab;
import io.peerexchange.testing.wireguard.WireGuardGo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The relay lab ({@link RelayLab}: both routers symmetric, coturn with long-term credentials):
 * peer 1's WireGuard reaches peer 2 only through peer 1's relay (its endpoint is the proxy's
 * loopback address) while peer 2's WireGuard sends plain UDP to the relayed address. Ping and
 * iperf3 cross the tunnel; coturn restarts and the tunnel is back within 10 s; then both routers
 * map the WireGuard port and the same interfaces go direct, so relayed and direct throughput are
 * measured in one run.
 */
class RelayLabTest {
    /** The acceptance: relayed throughput at least this share of the direct path's. */
    static final double MIN_RATIO = 0.25;

    static final long TUNNEL_UP_MILLIS = 15_000;
    /** After a coturn restart: allocation made again and the tunnel back. */
    static final long RESTART_MILLIS = 10_000;

    static final int IPERF_SECONDS = 5;

    private RelayLab lab;

    @BeforeEach
    void build() throws Exception {
        Require.root("network namespaces, iptables, wireguard-go and coturn need root");
        Require.commands("ip", "iptables", "wg", "wireguard-go", "turnserver", "iperf3", "conntrack", "ping", "ss");
        lab = RelayLab.start("pxrl");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void givenBothNatsSymmetric_theTunnelCrossesTheRelay_survivesACoturnRestart_andIsMeasuredAgainstDirect()
            throws Exception {
        WireGuardGo wg1 = lab.wireGuard(0);
        WireGuardGo wg2 = lab.wireGuard(1);
        String key1 = lab.publicKey(0);
        String key2 = lab.publicKey(1);
        Path result = lab.directory().resolve("relay.out");
        Process relay = lab.startIn(0, relayCommand(result), lab.directory().resolve("relay.log"));
        String[] path = awaitLine(result, "PATH ", 15_000).split(" ");
        String proxy = path[1];
        String relayed = path[2];
        long allocationMillis = Long.parseLong(path[3]);
        assertThat(relayed).startsWith(RelayLab.TURN + ":");

        wg1.addPeer(key2, RelayLab.TUNNEL[1] + "/32", proxy);
        wg2.addPeer(key1, RelayLab.TUNNEL[0] + "/32", relayed);
        wg1.wg("set", wg1.ifname(), "peer", key2, "persistent-keepalive", "1");
        wg2.wg("set", wg2.ifname(), "peer", key1, "persistent-keepalive", "1");
        long upMillis = lab.awaitPing(0, TUNNEL_UP_MILLIS);
        assertThat(wg1.endpointOf(key2)).isEqualTo(proxy);
        double relayedRtt = lab.rtt(0);
        long cpuBefore = RelayLab.cpuMillis(relay.pid());
        double relayedMbps = lab.iperf(0, IPERF_SECONDS);
        long relayCpuMillis = RelayLab.cpuMillis(relay.pid()) - cpuBefore;
        long rss = RelayLab.rssKiB(relay.pid());

        long restarted = System.nanoTime();
        lab.coturn().restart();
        String moved = awaitLine(result, "RELAYED ", RESTART_MILLIS).split(" ")[1];
        // the agent would report its new relay candidate; here the far side is told by hand
        wg2.wg("set", wg2.ifname(), "peer", key1, "endpoint", moved);
        lab.awaitPing(0, RESTART_MILLIS - (System.nanoTime() - restarted) / 1_000_000);
        long backMillis = (System.nanoTime() - restarted) / 1_000_000;

        lab.mapWireGuardPort(0);
        lab.mapWireGuardPort(1);
        wg1.wg("set", wg1.ifname(), "peer", key2, "endpoint", RelayLab.mappedEndpoint(1));
        wg2.wg("set", wg2.ifname(), "peer", key1, "endpoint", RelayLab.mappedEndpoint(0));
        lab.awaitPing(0, TUNNEL_UP_MILLIS);
        double directRtt = lab.rtt(0);
        double directMbps = lab.iperf(0, IPERF_SECONDS);

        double ratio = relayedMbps / directMbps;
        String figures = String.format(
                Locale.ROOT,
                "relay lab: allocation %d ms; ping through the relay %d ms after the endpoints were set; back %d ms"
                        + " after a coturn restart (limit %d)%n"
                        + "  iperf3 TCP relayed %.1f Mbit/s, direct %.1f Mbit/s, ratio %.2f (acceptance >= %.2f)%n"
                        + "  ping rtt avg relayed %.3f ms, direct %.3f ms, added %.3f ms%n"
                        + "  relay process CPU %.2f ms per relayed Mbit (%d ms for %d s of iperf3), RSS %d KiB%n",
                allocationMillis,
                upMillis,
                backMillis,
                RESTART_MILLIS,
                relayedMbps,
                directMbps,
                ratio,
                MIN_RATIO,
                relayedRtt,
                directRtt,
                relayedRtt - directRtt,
                relayCpuMillis / (relayedMbps * IPERF_SECONDS),
                relayCpuMillis,
                IPERF_SECONDS,
                rss);
        Files.writeString(Path.of("target", "relay-lab-figures.txt"), figures);
        LoggerFactory.getLogger(RelayLabTest.class).info("{}", figures);
        assertThat(backMillis).isLessThanOrEqualTo(RESTART_MILLIS);
        assertThat(ratio).isGreaterThanOrEqualTo(MIN_RATIO);
    }

    /** {@link RelayMain} in this JVM's class path, relaying peer 2 (as the relay first guesses its address). */
    private static List<String> relayCommand(Path result) {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                RelayMain.class.getName(),
                result.toString(),
                RelayLab.TURN + ":" + RelayLab.TURN_PORT,
                RelayLab.USER,
                RelayLab.PASSWORD,
                Integer.toString(RelayLab.WG_PORT),
                RelayLab.WAN[1] + ":" + RelayLab.WG_PORT);
    }

    private String awaitLine(Path file, String prefix, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                    assertThat(line).as("relay output").isNotEqualTo("FAILED");
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + prefix.trim() + " within " + millis + " ms; relay log: "
                + Files.readString(lab.directory().resolve("relay.log")));
    }
}
