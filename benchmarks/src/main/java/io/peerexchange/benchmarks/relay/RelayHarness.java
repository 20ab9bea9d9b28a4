package io.peerexchange.benchmarks.relay;

import io.peerexchange.benchmarks.results.Row;
import io.peerexchange.benchmarks.results.RowStore;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import io.peerexchange.testing.env.Require;
import io.peerexchange.testing.netns.RelayLab;
import io.peerexchange.testing.wireguard.WireGuardGo;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * Rows 7a-7e, as root: the relay lab, peer 1's WireGuard endpoint for peer 2 is the relay proxy
 * ({@link RelayProcess}), peer 2 sends to the relayed address; iperf3 TCP and ping over the
 * tunnel; then both routers map the WireGuard port and the same interfaces go direct and are
 * measured again. Arguments: iperf3 seconds (default 10), the command line for the rows.
 */
public final class RelayHarness {
    /** The acceptance: relayed throughput at least a quarter of the direct path's. */
    static final double MIN_RATIO = 0.25;

    static final double MAX_RSS_MIB = 64;
    /** The launcher the relay process is started with. */
    static final String LAUNCHER_PROPERTY = "pxb.launcher";

    static final String DEFAULT_LAUNCHER = "bootstrap/bin/peerexchange";
    private static final long TUNNEL_UP_MILLIS = 15_000;
    private static final List<String> ROWS =
            List.of("7a-relay-throughput", "7b-relay-latency", "7c-relay-cpu", "7d-relay-allocation", "7e-relay-rss");
    private static final ComponentLogger LOG = ComponentLogger.of(RelayHarness.class, Component.BENCH);

    private RelayHarness() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String command =
                args.length > 1 ? args[1] : "java -cp benchmarks/target/benchmarks.jar " + RelayHarness.class.getName();
        RowStore store = RowStore.fromSystemProperty();
        if (!Require.isRoot()) {
            for (String id : ROWS) {
                store.write(new Row(
                        id,
                        "Relay: " + id.substring(3) + " (needs root: network namespaces, wireguard-go, coturn)",
                        "—",
                        OptionalDouble.empty(),
                        "—",
                        OptionalDouble.empty(),
                        false,
                        "—",
                        Row.Verdict.NOT_MEASURED,
                        command,
                        "run as root"));
            }
            return;
        }
        try (RelayLab lab = RelayLab.start("pxrb")) {
            WireGuardGo wg1 = lab.wireGuard(0);
            WireGuardGo wg2 = lab.wireGuard(1);
            String key1 = lab.publicKey(0);
            String key2 = lab.publicKey(1);
            Path result = lab.directory().resolve("relay.out");
            Process relay = lab.startIn(
                    0,
                    viaLauncher(
                            lab.directory(),
                            List.of(
                                    result.toString(),
                                    RelayLab.TURN + ":" + RelayLab.TURN_PORT,
                                    RelayLab.USER,
                                    RelayLab.PASSWORD,
                                    Integer.toString(RelayLab.WG_PORT),
                                    RelayLab.WAN[1] + ":" + RelayLab.WG_PORT)),
                    lab.directory().resolve("relay.log"));
            String[] path = awaitPath(result).split(" ");
            long allocationMs = Long.parseLong(path[3]);
            wg1.addPeer(key2, RelayLab.TUNNEL[1] + "/32", path[1]);
            wg2.addPeer(key1, RelayLab.TUNNEL[0] + "/32", path[2]);
            wg1.wg("set", wg1.ifname(), "peer", key2, "persistent-keepalive", "1");
            wg2.wg("set", wg2.ifname(), "peer", key1, "persistent-keepalive", "1");
            lab.awaitPing(0, TUNNEL_UP_MILLIS);
            double relayedRtt = lab.rtt(0);
            long cpuBefore = RelayLab.cpuMillis(relay.pid());
            double relayedMbps = lab.iperf(0, seconds);
            long cpuMs = RelayLab.cpuMillis(relay.pid()) - cpuBefore;
            double rssMiB = RelayLab.rssKiB(relay.pid()) / 1024.0;

            lab.mapWireGuardPort(0);
            lab.mapWireGuardPort(1);
            wg1.wg("set", wg1.ifname(), "peer", key2, "endpoint", RelayLab.mappedEndpoint(1));
            wg2.wg("set", wg2.ifname(), "peer", key1, "endpoint", RelayLab.mappedEndpoint(0));
            lab.awaitPing(0, TUNNEL_UP_MILLIS);
            double directRtt = lab.rtt(0);
            double directMbps = lab.iperf(0, seconds);

            double ratio = relayedMbps / directMbps;
            double cpuPerMbit = cpuMs / (relayedMbps * seconds);
            String alternative = "the same WireGuard pair direct (both routers map port 51820), same run";
            store.write(new Row(
                    "7a-relay-throughput",
                    String.format(Locale.ROOT, "Relay: iperf3 TCP through the relay proxy and coturn (%d s)", seconds),
                    "Mbit/s",
                    OptionalDouble.of(relayedMbps),
                    alternative,
                    OptionalDouble.of(directMbps),
                    true,
                    "≥ 25 % of direct",
                    Row.Verdict.of(ratio >= MIN_RATIO),
                    command,
                    String.format(Locale.ROOT, "ratio %.2f; both NATs symmetric, wireguard-go on both ends", ratio)));
            store.write(new Row(
                    "7b-relay-latency",
                    "Relay: ping round trip over the tunnel through the relay (20 pings)",
                    "ms",
                    OptionalDouble.of(relayedRtt),
                    alternative,
                    OptionalDouble.of(directRtt),
                    false,
                    "—",
                    Row.Verdict.NO_TARGET,
                    command,
                    String.format(Locale.ROOT, "added by the relay: %.3f ms", relayedRtt - directRtt)));
            store.write(new Row(
                    "7c-relay-cpu",
                    "Relay: CPU of the relay process per relayed Mbit (user + system, during iperf3)",
                    "ms/Mbit",
                    OptionalDouble.of(cpuPerMbit),
                    "—",
                    OptionalDouble.empty(),
                    false,
                    "—",
                    Row.Verdict.NO_TARGET,
                    command,
                    String.format(Locale.ROOT, "%d ms CPU for %.0f Mbit", cpuMs, relayedMbps * seconds)));
            store.write(new Row(
                    "7d-relay-allocation",
                    "Relay: process start → allocation, permission and channel on coturn (long-term credentials)",
                    "ms",
                    OptionalDouble.of(allocationMs),
                    "—",
                    OptionalDouble.empty(),
                    false,
                    "—",
                    Row.Verdict.NO_TARGET,
                    command,
                    "includes JVM start and the 401 round trip"));
            store.write(new Row(
                    "7e-relay-rss",
                    "Relay: resident memory (VmRSS) of the relay process after the iperf3 run, one relayed peer",
                    "MiB",
                    OptionalDouble.of(rssMiB),
                    "—",
                    OptionalDouble.empty(),
                    false,
                    "≤ 64 MiB",
                    Row.Verdict.of(rssMiB <= MAX_RSS_MIB),
                    command,
                    "the relay alone, started by bootstrap/bin/peerexchange (its JVM flags and environment, without its"
                            + " class-data archive); not the whole agent"));
            String figures = String.format(
                    Locale.ROOT,
                    "relay: %.1f Mbit/s relayed, %.1f direct (ratio %.2f); rtt %.3f vs %.3f ms; CPU %.2f ms/Mbit;"
                            + " allocation %d ms; RSS %.1f MiB",
                    relayedMbps,
                    directMbps,
                    ratio,
                    relayedRtt,
                    directRtt,
                    cpuPerMbit,
                    allocationMs,
                    rssMiB);
            LOG.atInfo().log(figures);
        }
    }

    /**
     * {@link RelayProcess} started by the agent's launcher, so that it runs with exactly the JVM flags
     * and environment an installed agent gets (one definition, in the launcher): the launcher runs
     * {@code -jar} on a small jar whose manifest names {@link RelayProcess} and this harness's class
     * path. Without the launcher's class-data archive, which is made from the agent jar's class list.
     */
    private static List<String> viaLauncher(Path directory, List<String> arguments) throws IOException {
        Path jar = directory.resolve("relay-process.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, RelayProcess.class.getName());
        manifest.getMainAttributes()
                .put(
                        Attributes.Name.CLASS_PATH,
                        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                                .map(entry ->
                                        Path.of(entry).toAbsolutePath().toUri().toString())
                                .collect(Collectors.joining(" ")));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        List<String> command = new ArrayList<>(List.of(
                "env",
                "PEEREXCHANGE_JAR=" + jar,
                "PEEREXCHANGE_CDS=off",
                "JAVA_HOME=" + System.getProperty("java.home"),
                "sh",
                System.getProperty(LAUNCHER_PROPERTY, DEFAULT_LAUNCHER)));
        command.addAll(arguments);
        return command;
    }

    private static String awaitPath(Path result) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(result)) {
                String line = Files.readString(result, StandardCharsets.UTF_8).trim();
                if (line.startsWith("PATH ")) {
                    return line;
                }
                if (line.equals("FAILED")) {
                    throw new IOException("the relay got no allocation");
                }
            }
            Thread.sleep(20);
        }
        throw new IOException("the relay did not answer within 15 s");
    }
}
