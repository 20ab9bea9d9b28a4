package io.peerexchange.benchmarks.wireguard;

import io.peerexchange.adapters.wireguard.Backend;
import io.peerexchange.adapters.wireguard.WireGuardPeerUpdater;
import io.peerexchange.adapters.wireguard.WireGuardSettings;
import io.peerexchange.benchmarks.results.Commands;
import io.peerexchange.benchmarks.results.Row;
import io.peerexchange.benchmarks.results.RowStore;
import io.peerexchange.benchmarks.results.Stats;
import io.peerexchange.devtools.vm.GuestResult;
import io.peerexchange.devtools.vm.GuestVm;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.UpdateOutcome.Status;
import io.peerexchange.ports.UpdateReport;
import io.peerexchange.ports.WireGuardKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * 10,000 changed endpoints on kernel WireGuard, in a QEMU guest booting Debian's cloud kernel (the
 * devtools VM lab): the netlink backend in one call, {@code wg set} once per peer, and one {@code wg set}
 * with every peer, all in the same guest. The guest is usually emulated (TCG), so its times say nothing
 * about a real machine; only the ratios are reported (ours = 1). Writes rows {@code 3e} and {@code 3f};
 * without root or the VM lab's tools it writes them as not measured. Arguments: {@code [PEERS [COMMAND]]};
 * inside the guest it runs as {@code --guest PEERS} and prints one {@code PXB-KERNEL} line.
 */
public final class KernelNetlinkHarness {
    private static final int ROUNDS = 5;
    private static final String IFACE = "pxbk0";
    private static final String WHAT =
            "WireGuard (kernel, in a QEMU guest): apply %,d changed peer endpoints through netlink";
    private static final String UNIT = "(time, ours = 1)";

    private KernelNetlinkHarness() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--guest")) {
            guest(Integer.parseInt(args[1]));
            return;
        }
        int peers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String command = args.length > 1
                ? args[1]
                : "sudo java -cp benchmarks/target/benchmarks.jar " + KernelNetlinkHarness.class.getName() + " "
                        + peers;
        RowStore store = RowStore.fromSystemProperty();
        String missing = GuestVm.unavailable();
        if (missing != null) {
            notMeasured(store, peers, command, "needs the VM lab: " + missing);
            return;
        }
        List<String> guestCommand = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx384m",
                "-cp",
                System.getProperty("java.class.path"),
                KernelNetlinkHarness.class.getName(),
                "--guest",
                Integer.toString(peers));
        GuestResult r = GuestVm.run(
                guestCommand,
                GuestVm.Options.defaults(Duration.ofMinutes(30))
                        .withMemoryMib(1024)
                        .withOutput(line -> System.err.println("[guest] " + line)));
        String line = r.output()
                .lines()
                .filter(l -> l.startsWith("PXB-KERNEL "))
                .findFirst()
                .orElse(null);
        if (r.exitCode() != 0 || line == null) {
            notMeasured(
                    store,
                    peers,
                    command,
                    "the guest run failed (exit " + r.exitCode() + "): "
                            + (r.problem() != null ? r.problem() : r.output().strip()));
            return;
        }
        double ours = value(line, "ours_ms");
        double perPeer = value(line, "per_peer_ms");
        double single = value(line, "single_ms");
        String where = String.format(
                Locale.ROOT,
                "same %s guest (kernel %s), %d rounds each but per-peer (one run); ours = read + %d netlink messages +"
                        + " read-back; absolute times are the emulator's, not comparable with the rows above",
                r.accelerator(),
                field(line, "kernel"),
                ROUNDS,
                (int) value(line, "messages"));
        store.write(new Row(
                "3e-kernel-changed-vs-per-peer",
                String.format(WHAT, peers),
                UNIT,
                OptionalDouble.of(1.0),
                "`wg set` once per peer (10,000 processes, one run)",
                OptionalDouble.of(perPeer / ours),
                false,
                "— (informational)",
                Row.Verdict.NO_TARGET,
                command,
                where));
        store.write(new Row(
                "3f-kernel-changed-vs-single",
                String.format(WHAT, peers),
                UNIT,
                OptionalDouble.of(1.0),
                "one `wg set` carrying all peers",
                OptionalDouble.of(single / ours),
                false,
                "— (informational)",
                Row.Verdict.NO_TARGET,
                command,
                where + "; the single `wg set` writes blind: no read first, no read-back (the kernel acks an endpoint"
                        + " it ignores), which ours needs to leave unchanged endpoints and live paths alone and to"
                        + " prove each write"));
    }

    private static void notMeasured(RowStore store, int peers, String command, String reason) throws Exception {
        store.write(Row.notMeasured(
                "3e-kernel-changed-vs-per-peer",
                String.format(WHAT, peers),
                UNIT,
                "`wg set` once per peer",
                "— (informational)",
                command,
                reason));
        store.write(Row.notMeasured(
                "3f-kernel-changed-vs-single",
                String.format(WHAT, peers),
                UNIT,
                "one `wg set` carrying all peers",
                "— (informational)",
                command,
                reason));
    }

    /** Inside the guest: the three ways, on one kernel interface. */
    private static void guest(int peers) throws Exception {
        SeededPeers seeded = new SeededPeers(peers, i -> endpoint(i, 0));
        List<WireGuardKey> keys = seeded.keys();
        // No private key on the interface: the kernel then skips a Curve25519 computation per peer added.
        String conf = seeded.conf("[Interface]\nListenPort = 51850\n");
        Commands.require("ip", "link", "add", IFACE, "type", "wireguard");
        Path confFile = Files.createTempFile("pxb-peers", ".conf");
        Files.writeString(confFile, conf);
        Commands.require("wg", "setconf", IFACE, confFile.toString());
        Files.delete(confFile);

        WireGuardPeerUpdater updater = new WireGuardPeerUpdater(WireGuardSettings.of(IFACE, Backend.NETLINK));
        long[] ours = new long[ROUNDS];
        long[] single = new long[ROUNDS];
        for (int round = 0; round <= ROUNDS; round++) { // round 0 warms the JIT up
            List<EndpointUpdate> updates = new ArrayList<>(peers);
            for (int i = 0; i < peers; i++) {
                updates.add(new EndpointUpdate(keys.get(i), Endpoint.parse(endpoint(i, round + 1))));
            }
            long t0 = System.nanoTime();
            UpdateReport report = updater.updateEndpoints(updates);
            long t1 = System.nanoTime();
            if (report.count(Status.APPLIED) != peers) {
                throw new IllegalStateException("only " + report.count(Status.APPLIED) + " of " + peers + " applied");
            }
            List<String> all = new ArrayList<>(List.of("wg", "set", IFACE));
            for (int i = 0; i < peers; i++) {
                all.addAll(List.of("peer", keys.get(i).toBase64(), "endpoint", endpoint(i, 50 + round)));
            }
            long t2 = System.nanoTime();
            require(Commands.run(all));
            long t3 = System.nanoTime();
            if (round > 0) {
                ours[round - 1] = t1 - t0;
                single[round - 1] = t3 - t2;
            }
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < peers; i++) {
            require(Commands.run("wg", "set", IFACE, "peer", keys.get(i).toBase64(), "endpoint", endpoint(i, 100)));
        }
        double perPeer = (System.nanoTime() - t0) / 1e6;
        List<EndpointUpdate> probe = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            probe.add(new EndpointUpdate(keys.get(i), Endpoint.parse(endpoint(i, 1))));
        }
        int messages = io.peerexchange.adapters.wireguard.netlink.family.WireGuardFamily.setEndpointRequests(
                        1,
                        1,
                        IFACE,
                        probe,
                        io.peerexchange.adapters.wireguard.netlink.family.WireGuardFamily.DEFAULT_MAX_MESSAGE_BYTES)
                .size();
        System.out.printf(
                Locale.ROOT,
                "PXB-KERNEL ours_ms=%.1f single_ms=%.1f per_peer_ms=%.1f messages=%d kernel=%s%n",
                Stats.median(Stats.nanosToMillis(ours)),
                Stats.median(Stats.nanosToMillis(single)),
                perPeer,
                messages,
                Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
        // The interface stays for the guest's power-off: deleting 10,000 kernel peers costs minutes under TCG.
    }

    private static void require(String error) {
        if (!error.isEmpty()) {
            throw new IllegalStateException(error);
        }
    }

    private static String endpoint(int i, int round) {
        return "198.51." + (100 + round % 100) + "." + (i % 250 + 1) + ":" + (20000 + i / 250);
    }

    private static String field(String line, String key) {
        for (String part : line.split(" ")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        throw new IllegalStateException("no " + key + " in " + line);
    }

    private static double value(String line, String key) {
        return Double.parseDouble(field(line, key));
    }
}
