package io.peerexchange.benchmarks.portmap;

import io.peerexchange.benchmarks.results.Row;
import io.peerexchange.benchmarks.results.RowStore;
import io.peerexchange.benchmarks.results.Stats;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import io.peerexchange.testing.miniupnpd.MiniUpnpd;
import io.peerexchange.testing.netns.NetworkNamespace;
import io.peerexchange.testing.process.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Time to the first mapping per protocol (rows {@code 8a} PCP, {@code 8b} NAT-PMP, {@code 8c} UPnP):
 * a router namespace {@code pxb-pmr} running miniupnpd (the lab's patched copy,
 * docs/ARCHITECTURE.md#port-mapping-lab) and a client namespace {@code pxb-pmc} on its LAN. Ours is
 * {@link PortMapProbe} in the client namespace, timed inside its JVM; the alternatives are
 * {@code natpmpc -a} and {@code upnpc -i -a} (wall time of the process, which includes their start,
 * a few ms for C programs; {@code -i} because upnpc calls a gateway with a documentation-range WAN
 * address "not connected?" and refuses it otherwise), each mapping deleted after. PCP has no reference client in Debian.
 * Arguments: {@code BENCHMARKS_JAR [N [COMMAND]]}.
 */
public final class PortMapHarness {
    private static final ComponentLogger LOG = ComponentLogger.of(PortMapHarness.class, Component.BENCH);
    private static final int PORT = 51820;
    private static final String CLIENT = "192.168.77.2";
    private static final String TARGET = "≤ 1000 ms";

    private PortMapHarness() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int attempts = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String command = args.length > 2
                ? args[2]
                : "java -cp benchmarks/target/benchmarks.jar " + PortMapHarness.class.getName() + " " + jar;
        RowStore store = RowStore.fromSystemProperty();
        if (!io.peerexchange.benchmarks.results.Commands.isRoot()
                || !Files.isExecutable(MiniUpnpd.INSTALLED)
                || !Commands.onPath("upnpc")
                || !Commands.onPath("natpmpc")) {
            String reason = "needs root, miniupnpd-iptables, miniupnpc and natpmpc";
            store.write(Row.notMeasured(
                    "8a-portmap-pcp", "Port mapping: first PCP mapping", "ms", "—", TARGET, command, reason));
            store.write(Row.notMeasured(
                    "8b-portmap-natpmp",
                    "Port mapping: first NAT-PMP mapping",
                    "ms",
                    "natpmpc",
                    TARGET,
                    command,
                    reason));
            store.write(Row.notMeasured(
                    "8c-portmap-upnp", "Port mapping: first UPnP IGD mapping", "ms", "upnpc", TARGET, command, reason));
            return;
        }
        try (NetworkNamespace router = NetworkNamespace.fresh("pxb-pmr");
                NetworkNamespace client = NetworkNamespace.fresh("pxb-pmc")) {
            // The WAN side only needs an address: a veth pair whose far end stays in the router.
            router.ip("link", "add", "wan", "type", "veth", "peer", "name", "wan1");
            router.ip("link", "set", "wan1", "up");
            router.ip("addr", "add", "203.0.113.77/24", "dev", "wan");
            router.ip("link", "set", "wan", "up");
            router.ip("link", "add", "lan", "type", "veth", "peer", "name", "eth0", "netns", client.name());
            router.ip("addr", "add", "192.168.77.1/24", "dev", "lan");
            router.ip("link", "set", "lan", "up");
            client.ip("addr", "add", CLIENT + "/24", "dev", "eth0");
            client.ip("link", "set", "eth0", "up");
            client.ip("route", "add", "default", "via", "192.168.77.1");
            try (MiniUpnpd miniupnpd = MiniUpnpd.start(router, "wan", "lan", "192.168.77.0/24")) {
                double[] pcp = ours(client, jar, "pcp", attempts);
                double[] natPmp = ours(client, jar, "natpmp", attempts);
                double[] upnp = ours(client, jar, "upnp", attempts);
                double[] natpmpc = theirs(
                        client,
                        attempts,
                        List.of(
                                "natpmpc",
                                "-g",
                                "192.168.77.1",
                                "-a",
                                Integer.toString(PORT),
                                Integer.toString(PORT),
                                "udp",
                                "7200"),
                        List.of("natpmpc", "-g", "192.168.77.1", "-a", "0", Integer.toString(PORT), "udp", "0"));
                double[] upnpc = theirs(
                        client,
                        attempts,
                        List.of(
                                "upnpc",
                                "-i",
                                "-e",
                                "bench",
                                "-a",
                                CLIENT,
                                Integer.toString(PORT),
                                Integer.toString(PORT),
                                "UDP",
                                "7200"),
                        List.of("upnpc", "-i", "-d", Integer.toString(PORT), "UDP"));
                if (!miniupnpd.mappings().isEmpty()) {
                    throw new IllegalStateException("mappings left at miniupnpd: " + miniupnpd.mappings());
                }
                store.write(row("8a-portmap-pcp", "PCP", pcp, "— (no PCP client in Debian)", null, command));
                store.write(row(
                        "8b-portmap-natpmp", "NAT-PMP", natPmp, "natpmpc -a (process wall time)", natpmpc, command));
                store.write(row(
                        "8c-portmap-upnp",
                        "UPnP IGD (SSDP, description, GetExternalIPAddress, " + "AddAnyPortMapping)",
                        upnp,
                        "upnpc -i -a (process wall time)",
                        upnpc,
                        command));
            }
        }
    }

    private static Row row(
            String id, String protocol, double[] ours, String alternative, double[] theirs, String command) {
        double median = Stats.median(ours);
        return new Row(
                id,
                "Port mapping: ask → first " + protocol + " mapping at miniupnpd (" + ours.length + " runs)",
                "ms",
                OptionalDouble.of(median),
                alternative,
                theirs == null ? OptionalDouble.empty() : OptionalDouble.of(Stats.median(theirs)),
                false,
                TARGET,
                Row.Verdict.of(median <= 1000),
                command,
                String.format(
                        "max %.1f ms%s",
                        Stats.percentile(ours, 100),
                        theirs == null ? "" : String.format("; theirs max %.1f ms", Stats.percentile(theirs, 100))));
    }

    private static double[] ours(NetworkNamespace client, Path jar, String mode, int attempts) throws IOException {
        List<String> command = new ArrayList<>(client.exec());
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                jar.toString(),
                PortMapProbe.class.getName(),
                mode,
                Integer.toString(PORT),
                Integer.toString(attempts)));
        String out = Commands.ok(command);
        double[] times = out.lines()
                .filter(l -> !l.isBlank())
                .mapToDouble(Double::parseDouble)
                .toArray();
        LOG.atInfo()
                .addKeyValue("protocol", mode)
                .addKeyValue("median_ms", Stats.median(times))
                .log("measured");
        return times;
    }

    private static double[] theirs(NetworkNamespace client, int attempts, List<String> map, List<String> delete)
            throws IOException {
        double[] times = new double[attempts];
        for (int i = 0; i <= attempts; i++) {
            List<String> add = new ArrayList<>(client.exec());
            add.addAll(map);
            long start = System.nanoTime();
            Commands.Result result = Commands.run(add);
            long nanos = System.nanoTime() - start;
            if (result.exit() != 0) {
                throw new IOException(String.join(" ", map) + " failed: " + result.output());
            }
            List<String> del = new ArrayList<>(client.exec());
            del.addAll(delete);
            Commands.run(del);
            if (i > 0) {
                times[i - 1] = nanos / 1e6;
            }
        }
        return times;
    }
}
