package io.peerexchange.adapters.stun.turn.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.testing.coturn.Coturn;
import io.peerexchange.testing.env.Require;
import io.peerexchange.testing.netns.NetworkNamespace;
import io.peerexchange.testing.process.Commands;
import io.peerexchange.testing.wireguard.WireGuardGo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both routers symmetric (a random port per destination, no port mapping), coturn with long-term
 * credentials at 203.0.113.1: peer 1's WireGuard reaches peer 2 only through peer 1's relay (its
 * endpoint is the proxy's loopback address), peer 2's WireGuard sends plain UDP to the relayed
 * address. Ping and iperf3 cross the tunnel; coturn restarts and the tunnel is back within 10 s;
 * then both routers map the WireGuard port (endpoint-independent) and the same two interfaces
 * go direct, so relayed and direct throughput are measured in one run.
 */
class RelayLabTest {
    private static final String PREFIX = "pxrl";
    private static final String TURN = "203.0.113.1";
    private static final String WAN1 = "203.0.113.10";
    private static final String WAN2 = "203.0.113.20";
    private static final int WG_PORT = 51820;
    private static final int MAPPED1 = 40000;
    private static final int MAPPED2 = 41000;
    private static final String USER = "lab";
    private static final String PASSWORD = "lab-relay-pw";
    /** The acceptance: relayed throughput at least this share of the direct path's. */
    private static final double MIN_RATIO = 0.25;

    private static final long TUNNEL_UP_MILLIS = 15_000;
    /** After a coturn restart: allocation made again and the tunnel back. */
    private static final long RESTART_MILLIS = 10_000;

    private final List<NetworkNamespace> namespaces = new ArrayList<>();
    private Coturn coturn;
    private WireGuardGo wg1;
    private WireGuardGo wg2;
    private Process relay;
    private Path directory;

    @BeforeEach
    void build() throws Exception {
        Require.root("network namespaces, iptables, wireguard-go and coturn need root");
        Require.commands("ip", "iptables", "wg", "wireguard-go", "turnserver", "iperf3", "conntrack", "ping", "ss");
        directory = Files.createTempDirectory(PREFIX + "-lab");
        NetworkNamespace inet = add("inet");
        NetworkNamespace r1 = add("r1");
        NetworkNamespace r2 = add("r2");
        NetworkNamespace p1 = add("p1");
        NetworkNamespace p2 = add("p2");
        inet.ip("link", "add", "br0", "type", "bridge");
        inet.ip("addr", "add", TURN + "/24", "dev", "br0");
        inet.ip("link", "set", "br0", "up");
        router(inet, r1, p1, 1, WAN1);
        router(inet, r2, p2, 2, WAN2);

        coturn = Coturn.listeningOn(TURN)
                .behind(inet.exec())
                .port(3478)
                .longTermUser("px.lab", USER, PASSWORD)
                .relayIp(TURN)
                .start();
        awaitListener(inet, 3478, "turnserver");
        wg1 = WireGuardGo.named(PREFIX + "1").in(p1).listenPort(WG_PORT).up().start();
        wg2 = WireGuardGo.named(PREFIX + "2").in(p2).listenPort(WG_PORT).up().start();
        p1.ip("addr", "add", "10.77.0.1/24", "dev", wg1.ifname());
        p2.ip("addr", "add", "10.77.0.2/24", "dev", wg2.ifname());
    }

    private NetworkNamespace add(String name) throws IOException {
        NetworkNamespace namespace = NetworkNamespace.fresh(PREFIX + "-" + name);
        namespaces.add(namespace);
        return namespace;
    }

    /** Router {@code n}: WAN on the lab's internet, LAN 192.168.n.0/24 with the peer at .2; symmetric NAT. */
    private static void router(NetworkNamespace inet, NetworkNamespace router, NetworkNamespace peer, int n, String wan)
            throws IOException {
        router.ip("link", "add", "wan", "type", "veth", "peer", "name", "i" + n, "netns", inet.name());
        inet.ip("link", "set", "i" + n, "master", "br0");
        inet.ip("link", "set", "i" + n, "up");
        router.ip("link", "add", "lan", "type", "veth", "peer", "name", "eth0", "netns", peer.name());
        router.ip("addr", "add", wan + "/24", "dev", "wan");
        router.ip("link", "set", "wan", "up");
        router.ip("addr", "add", "192.168." + n + ".1/24", "dev", "lan");
        router.ip("link", "set", "lan", "up");
        peer.ip("addr", "add", "192.168." + n + ".2/24", "dev", "eth0");
        peer.ip("link", "set", "eth0", "up");
        peer.ip("route", "add", "default", "via", "192.168." + n + ".1");
        router.run("sysctl", "-qw", "net.ipv4.ip_forward=1");
        router.run("iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE", "--random");
        // what arrives on the WAN without a connection is dropped: no mapping is opened from outside
        router.run("iptables", "-A", "FORWARD", "-i", "wan", "-m", "conntrack", "--ctstate", "NEW", "-j", "DROP");
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (relay != null) {
                relay.getOutputStream().close();
                if (!relay.waitFor(5, TimeUnit.SECONDS)) {
                    relay.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            for (AutoCloseable closeable : new AutoCloseable[] {wg1, wg2, coturn}) {
                if (closeable != null) {
                    closeable.close();
                }
            }
        } finally {
            for (NetworkNamespace namespace : namespaces) {
                namespace.close();
            }
            if (directory != null) {
                io.peerexchange.testing.process.Processes.deleteTree(directory);
            }
        }
    }

    @Test
    void givenBothNatsSymmetric_theTunnelCrossesTheRelay_survivesACoturnRestart_andIsMeasuredAgainstDirect()
            throws Exception {
        NetworkNamespace p1 = namespaces.get(3);
        NetworkNamespace p2 = namespaces.get(4);
        String key1 = wg1.wg("show", wg1.ifname(), "public-key").trim();
        String key2 = wg2.wg("show", wg2.ifname(), "public-key").trim();
        Path result = directory.resolve("relay.out");
        relay = startRelay(p1, result);
        String[] path = awaitLine(result, "PATH ", 15_000).split(" ");
        String proxy = path[1];
        String relayed = path[2];
        long allocationMillis = Long.parseLong(path[3]);
        assertThat(relayed).startsWith(TURN + ":");

        wg1.addPeer(key2, "10.77.0.2/32", proxy);
        wg2.addPeer(key1, "10.77.0.1/32", relayed);
        wg1.wg("set", wg1.ifname(), "peer", key2, "persistent-keepalive", "1");
        wg2.wg("set", wg2.ifname(), "peer", key1, "persistent-keepalive", "1");
        long upMillis = awaitPing(p1, "10.77.0.2", TUNNEL_UP_MILLIS);
        double relayedRtt = rtt(p1, "10.77.0.2");
        long cpuBefore = cpuMillis(relay.pid());
        double relayedMbps = iperf(p1, p2, "10.77.0.2");
        long relayCpuMillis = cpuMillis(relay.pid()) - cpuBefore;
        long rss = rssKiB(relay.pid());

        long restarted = System.nanoTime();
        coturn.restart();
        String moved = awaitLine(result, "RELAYED ", RESTART_MILLIS).split(" ")[1];
        wg2.wg("set", wg2.ifname(), "peer", key1, "endpoint", moved);
        awaitPing(p1, "10.77.0.2", RESTART_MILLIS - (System.nanoTime() - restarted) / 1_000_000);
        long backMillis = (System.nanoTime() - restarted) / 1_000_000;

        mapWireGuardPort(namespaces.get(1), "192.168.1.2", WAN1, MAPPED1);
        mapWireGuardPort(namespaces.get(2), "192.168.2.2", WAN2, MAPPED2);
        wg1.wg("set", wg1.ifname(), "peer", key2, "endpoint", WAN2 + ":" + MAPPED2);
        wg2.wg("set", wg2.ifname(), "peer", key1, "endpoint", WAN1 + ":" + MAPPED1);
        awaitPing(p1, "10.77.0.2", TUNNEL_UP_MILLIS);
        assertThat(wg1.endpointOf(key2)).isEqualTo(WAN2 + ":" + MAPPED2);
        double directRtt = rtt(p1, "10.77.0.2");
        double directMbps = iperf(p1, p2, "10.77.0.2");

        double ratio = relayedMbps / directMbps;
        String figures = String.format(
                Locale.ROOT,
                "relay lab: allocation %d ms; tunnel up through the relay after %d ms; after a coturn restart back"
                        + " in %d ms (limit %d)%n"
                        + "  iperf3 TCP relayed %.1f Mbit/s, direct %.1f Mbit/s, ratio %.2f (acceptance >= %.2f)%n"
                        + "  ping rtt avg relayed %.3f ms, direct %.3f ms, added %.3f ms%n"
                        + "  relay process CPU %.2f ms per relayed Mbit (%d ms over the run), RSS %d KiB%n",
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
                rss);
        Files.writeString(Path.of("target", "relay-lab-figures.txt"), figures);
        org.slf4j.LoggerFactory.getLogger(RelayLabTest.class).info("{}", figures);
        assertThat(backMillis).isLessThanOrEqualTo(RESTART_MILLIS);
        assertThat(ratio).isGreaterThanOrEqualTo(MIN_RATIO);
    }

    private static final int IPERF_SECONDS = 5;

    private Process startRelay(NetworkNamespace p1, Path result) throws IOException {
        List<String> command = new ArrayList<>(p1.exec());
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                RelayMain.class.getName(),
                result.toString(),
                TURN + ":3478",
                USER,
                PASSWORD,
                Integer.toString(WG_PORT),
                WAN2 + ":" + WG_PORT));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("relay.log").toFile())
                .start();
    }

    /** Port-preserving SNAT and DNAT of the WireGuard port: an endpoint-independent mapping. */
    private static void mapWireGuardPort(NetworkNamespace router, String peer, String wan, int port)
            throws IOException {
        router.run(
                "iptables",
                "-t",
                "nat",
                "-I",
                "POSTROUTING",
                "1",
                "-o",
                "wan",
                "-s",
                peer,
                "-p",
                "udp",
                "--sport",
                Integer.toString(WG_PORT),
                "-j",
                "SNAT",
                "--to-source",
                wan + ":" + port);
        router.run(
                "iptables",
                "-t",
                "nat",
                "-A",
                "PREROUTING",
                "-i",
                "wan",
                "-p",
                "udp",
                "--dport",
                Integer.toString(port),
                "-j",
                "DNAT",
                "--to-destination",
                peer + ":" + WG_PORT);
        router.run(
                "iptables",
                "-I",
                "FORWARD",
                "1",
                "-i",
                "wan",
                "-p",
                "udp",
                "-d",
                peer,
                "--dport",
                Integer.toString(WG_PORT),
                "-j",
                "ACCEPT");
        Commands.run(List.of("ip", "netns", "exec", router.name(), "conntrack", "-F"));
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
                + Files.readString(directory.resolve("relay.log")));
    }

    /** Pings every 100 ms until one answer; returns how long it took. */
    private static long awaitPing(NetworkNamespace ns, String address, long millis) throws Exception {
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            Commands.Result ping = Commands.run(
                    List.of("ip", "netns", "exec", ns.name(), "ping", "-c", "1", "-W", "1", "-q", address));
            if (ping.exit() == 0) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no ping answer from " + address + " within " + millis + " ms");
    }

    private static double rtt(NetworkNamespace ns, String address) throws IOException {
        String out = ns.run("ping", "-c", "20", "-i", "0.05", "-q", address);
        Matcher m = Pattern.compile("= [0-9.]+/([0-9.]+)/").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** iperf3 TCP from peer 1 to peer 2 over the tunnel, receiver's Mbit/s. */
    private static double iperf(NetworkNamespace client, NetworkNamespace server, String address) throws Exception {
        Process daemon = new ProcessBuilder(List.of("ip", "netns", "exec", server.name(), "iperf3", "-s", "-1"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            Thread.sleep(300);
            String json = client.run("iperf3", "-c", address, "-t", Integer.toString(IPERF_SECONDS), "-J");
            Matcher m = Pattern.compile("\"sum_received\"\\s*:\\s*\\{[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)")
                    .matcher(json);
            assertThat(m.find()).as(json).isTrue();
            return Double.parseDouble(m.group(1)) / 1e6;
        } finally {
            if (!daemon.waitFor(5, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10;
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void awaitListener(NetworkNamespace ns, int port, String process) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (ns.run("ss", "-H", "-ulpn")
                    .lines()
                    .anyMatch(l -> l.contains(":" + port + " ") && l.contains(process))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(process + " not listening on " + port + " in " + ns.name());
    }
}
