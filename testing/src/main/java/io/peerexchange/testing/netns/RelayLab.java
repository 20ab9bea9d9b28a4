package io.peerexchange.testing.netns;

import io.peerexchange.testing.coturn.Coturn;
import io.peerexchange.testing.process.Commands;
import io.peerexchange.testing.process.Processes;
import io.peerexchange.testing.wireguard.WireGuardGo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relay lab (docs/PROTOCOL.md#turn-relay): namespaces {@code P-inet} (a bridge with coturn at
 * 203.0.113.1, long-term user {@link #USER}), two routers {@code P-r1}/{@code P-r2} (WAN
 * 203.0.113.10/.20) that are both symmetric (MASQUERADE to a random port per destination, nothing
 * opened from outside) and two peers {@code P-p1}/{@code P-p2} (192.168.n.2) running wireguard-go
 * {@code P1}/{@code P2} on port 51820 with tunnel addresses 10.77.0.1 and 10.77.0.2, keyed but
 * without peers. {@link #mapWireGuardPort} makes a router endpoint-independent for the direct path.
 * {@link #close()} removes everything, also after a failed setup.
 */
public final class RelayLab implements AutoCloseable {
    public static final String TURN = "203.0.113.1";
    public static final int TURN_PORT = 3478;
    public static final String USER = "lab";
    public static final String PASSWORD = "lab-relay-pw";
    public static final String[] WAN = {"203.0.113.10", "203.0.113.20"};
    public static final String[] TUNNEL = {"10.77.0.1", "10.77.0.2"};
    public static final int[] MAPPED = {40000, 41000};
    public static final int WG_PORT = 51820;

    private final String prefix;
    private final Path directory;
    private final List<NetworkNamespace> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private Coturn coturn;
    private final WireGuardGo[] wg = new WireGuardGo[2];

    private RelayLab(String prefix, Path directory) {
        this.prefix = prefix;
        this.directory = directory;
    }

    public static RelayLab start(String prefix) throws IOException, InterruptedException {
        RelayLab lab = new RelayLab(prefix, Files.createTempDirectory(prefix + "-lab"));
        try {
            lab.build();
            return lab;
        } catch (IOException | InterruptedException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private void build() throws IOException, InterruptedException {
        NetworkNamespace inet = add("inet");
        inet.ip("link", "add", "br0", "type", "bridge");
        inet.ip("addr", "add", TURN + "/24", "dev", "br0");
        inet.ip("link", "set", "br0", "up");
        for (int i = 0; i < 2; i++) {
            router(inet, add("r" + (i + 1)), add("p" + (i + 1)), i + 1, WAN[i]);
        }
        coturn = Coturn.listeningOn(TURN)
                .behind(inet.exec())
                .port(TURN_PORT)
                .longTermUser("px.lab", USER, PASSWORD)
                .relayIp(TURN)
                .start();
        awaitListener(inet, TURN_PORT, "turnserver");
        for (int i = 0; i < 2; i++) {
            wg[i] = WireGuardGo.named(prefix + (i + 1))
                    .in(peer(i))
                    .listenPort(WG_PORT)
                    .up()
                    .start();
            peer(i).ip("addr", "add", TUNNEL[i] + "/24", "dev", wg[i].ifname());
        }
    }

    private NetworkNamespace add(String name) throws IOException {
        NetworkNamespace namespace = NetworkNamespace.fresh(prefix + "-" + name);
        namespaces.add(namespace);
        return namespace;
    }

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
        // nothing from outside opens a mapping
        router.run("iptables", "-A", "FORWARD", "-i", "wan", "-m", "conntrack", "--ctstate", "NEW", "-j", "DROP");
    }

    /** Peer {@code i} (0 or 1)'s namespace. */
    public NetworkNamespace peer(int i) {
        return namespaces.get(2 + 2 * i);
    }

    public NetworkNamespace router(int i) {
        return namespaces.get(1 + 2 * i);
    }

    public WireGuardGo wireGuard(int i) {
        return wg[i];
    }

    public String publicKey(int i) {
        return wg[i].wg("show", wg[i].ifname(), "public-key").trim();
    }

    public Coturn coturn() {
        return coturn;
    }

    public Path directory() {
        return directory;
    }

    /** Starts {@code command} in peer {@code i}'s namespace, output to {@code log}; stopped by {@link #close()}. */
    public Process startIn(int i, List<String> command, Path log) throws IOException {
        List<String> full = new ArrayList<>(peer(i).exec());
        full.addAll(command);
        Process process = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        processes.add(process);
        return process;
    }

    /** Router {@code i} maps the peer's WireGuard port to {@code MAPPED[i]} both ways: endpoint-independent. */
    public void mapWireGuardPort(int i) throws IOException {
        NetworkNamespace router = router(i);
        String peer = "192.168." + (i + 1) + ".2";
        String port = Integer.toString(MAPPED[i]);
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
                WAN[i] + ":" + port);
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
                port,
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

    /** The mapped endpoint of peer {@code i} once {@link #mapWireGuardPort} ran. */
    public static String mappedEndpoint(int i) {
        return WAN[i] + ":" + MAPPED[i];
    }

    /** Pings from peer {@code from} to the other's tunnel address every 100 ms until one answer; the time it took. */
    public long awaitPing(int from, long millis) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            Commands.Result ping = Commands.run(List.of(
                    "ip", "netns", "exec", peer(from).name(), "ping", "-c", "1", "-W", "1", "-q", TUNNEL[1 - from]));
            if (ping.exit() == 0) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(100);
        }
        throw new IOException("no ping answer from " + TUNNEL[1 - from] + " within " + millis + " ms");
    }

    /** Average ping round trip over the tunnel, ms (20 pings, 50 ms apart). */
    public double rtt(int from) throws IOException {
        String out = peer(from).run("ping", "-c", "20", "-i", "0.05", "-q", TUNNEL[1 - from]);
        Matcher m = Pattern.compile("= [0-9.]+/([0-9.]+)/").matcher(out);
        if (!m.find()) {
            throw new IOException("no ping summary: " + out);
        }
        return Double.parseDouble(m.group(1));
    }

    /** iperf3 TCP from peer {@code from} to the other over the tunnel for {@code seconds}; the receiver's Mbit/s. */
    public double iperf(int from, int seconds) throws IOException, InterruptedException {
        Process server = new ProcessBuilder(
                        List.of("ip", "netns", "exec", peer(1 - from).name(), "iperf3", "-s", "-1"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            Thread.sleep(300);
            String json = peer(from).run("iperf3", "-c", TUNNEL[1 - from], "-t", Integer.toString(seconds), "-J");
            Matcher m = Pattern.compile("\"sum_received\"\\s*:\\s*\\{[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)")
                    .matcher(json);
            if (!m.find()) {
                throw new IOException("no iperf3 result: " + json);
            }
            return Double.parseDouble(m.group(1)) / 1e6;
        } finally {
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** User plus system CPU time of a process, ms. */
    public static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / CLOCK_TICKS;
    }

    /** Linux's USER_HZ, the unit of /proc/PID/stat's times. */
    private static final long CLOCK_TICKS = 100;

    public static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    private static void awaitListener(NetworkNamespace ns, int port, String process)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + NatLab.LISTENER_MILLIS * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (ns.run("ss", "-H", "-ulpn")
                    .lines()
                    .anyMatch(l -> l.contains(":" + port + " ") && l.contains(process))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException(process + " not listening on UDP " + port + " in " + ns.name());
    }

    @Override
    public void close() throws IOException {
        try {
            for (Process process : processes) {
                process.getOutputStream().close();
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
            for (WireGuardGo w : wg) {
                if (w != null) {
                    w.close();
                }
            }
            if (coturn != null) {
                coturn.close();
            }
        } finally {
            for (NetworkNamespace namespace : namespaces) {
                namespace.close();
            }
            Processes.deleteTree(directory);
        }
    }
}
