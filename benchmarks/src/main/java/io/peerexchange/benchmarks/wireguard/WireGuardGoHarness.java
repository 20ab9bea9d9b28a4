package io.peerexchange.benchmarks.wireguard;

import io.peerexchange.adapters.wireguard.Backend;
import io.peerexchange.adapters.wireguard.WireGuardPeerUpdater;
import io.peerexchange.adapters.wireguard.WireGuardSettings;
import io.peerexchange.benchmarks.results.Commands;
import io.peerexchange.benchmarks.results.Row;
import io.peerexchange.benchmarks.results.RowStore;
import io.peerexchange.benchmarks.results.Stats;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.UpdateOutcome.Status;
import io.peerexchange.ports.UpdateReport;
import io.peerexchange.ports.WireGuardKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * 10,000 peers on a real wireguard-go (root; namespace {@code pxb-wg}, interface {@code pxb0}):
 * the adapter applying 10,000 changed endpoints in one call (one get, one set), the adapter with
 * 10,000 unchanged endpoints (one get, no set), wg(8) once per peer (what a script does) and wg(8)
 * once with every peer on one command line. Writes rows {@code 3a}–{@code 3c}; without root it
 * writes them as not measured. Arguments: {@code [PEERS [COMMAND]]}.
 */
public final class WireGuardGoHarness {
    private static final Logger LOG = LoggerFactory.getLogger(WireGuardGoHarness.class);
    private static final int ROUNDS = 11;
    private static final int WARMUP_ROUNDS = 3;
    private static final String CHANGED = "WireGuard: apply %,d changed peer endpoints to wireguard-go";
    private static final String UNCHANGED = "WireGuard: %,d unchanged peer endpoints (ours must write nothing)";

    private WireGuardGoHarness() {
    }

    public static void main(String[] args) throws Exception {
        int peers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String command = args.length > 1 ? args[1]
                : "java -cp benchmarks/target/benchmarks.jar " + WireGuardGoHarness.class.getName();
        RowStore store = RowStore.fromSystemProperty();
        if (!Commands.isRoot()) {
            String reason = "needs root (network namespace, wireguard-go); run-benchmarks.sh was not run as root";
            store.write(Row.notMeasured("3a-wg-changed-vs-per-peer", String.format(CHANGED, peers), "ms",
                    "`wg set` once per peer", "≥ 50× faster", command, reason));
            store.write(Row.notMeasured("3b-wg-changed-vs-single", String.format(CHANGED, peers), "ms",
                    "one `wg set` with all peers", "≤ 1.5× its time", command, reason));
            store.write(Row.notMeasured("3c-wg-unchanged", String.format(UNCHANGED, peers), "ms",
                    "one `wg set` with all peers", "no write", command, reason));
            return;
        }
        try (WireGuardGo wg = WireGuardGo.start("pxb-wg", "pxb0")) {
            measure(wg.ifname(), peers, command, store);
        }
    }

    private static void measure(String ifname, int peers, String command, RowStore store) throws Exception {
        List<WireGuardKey> keys = new ArrayList<>(peers);
        java.util.SplittableRandom random = new java.util.SplittableRandom(0x5eed);
        StringBuilder conf = new StringBuilder();
        for (int i = 0; i < peers; i++) {
            // Random-looking like real Curve25519 keys (seeded: the same keys every run). Keys that differ
            // only in their last bytes would collide in Arrays.hashCode and measure HashMap collisions.
            byte[] k = new byte[32];
            random.nextBytes(k);
            keys.add(WireGuardKey.of(k));
            conf.append("[Peer]\nPublicKey = ").append(keys.get(i).toBase64()).append("\nAllowedIPs = 10.")
                    .append(100 + i / 65536).append('.').append((i / 256) % 256).append('.').append(i % 256)
                    .append("/32\nEndpoint = ").append(endpoint(i, 0)).append("\n\n");
        }
        Path confFile = Files.createTempFile("pxb-peers", ".conf");
        try {
            Files.writeString(confFile, conf);
            Commands.require("wg", "addconf", ifname, confFile.toString());
        } finally {
            Files.deleteIfExists(confFile);
        }

        WireGuardPeerUpdater updater = new WireGuardPeerUpdater(WireGuardSettings.of(ifname, Backend.UAPI));
        long[] changed = new long[ROUNDS];
        long[] unchanged = new long[ROUNDS];
        long[] single = new long[ROUNDS];
        long[] dump = new long[ROUNDS];
        boolean allUnchanged = true;
        // Each round measures ours, the single wg set and a wg show dump back to back, so a burst of
        // load from the shared machine hits all of them rather than one side of the comparison.
        for (int round = 0; round < ROUNDS + WARMUP_ROUNDS; round++) {
            List<EndpointUpdate> updates = new ArrayList<>(peers);
            for (int i = 0; i < peers; i++) {
                updates.add(new EndpointUpdate(keys.get(i), Endpoint.parse(endpoint(i, round + 1))));
            }
            long t0 = System.nanoTime();
            UpdateReport applied = updater.updateEndpoints(updates);
            long t1 = System.nanoTime();
            UpdateReport same = updater.updateEndpoints(updates);
            long t2 = System.nanoTime();
            check(applied.count(Status.APPLIED) == peers, "all applied");
            allUnchanged &= same.count(Status.UNCHANGED) == peers;

            List<String> all = new ArrayList<>(List.of("wg", "set", ifname));
            for (int i = 0; i < peers; i++) {
                all.addAll(List.of("peer", keys.get(i).toBase64(), "endpoint", endpoint(i, 50 + round)));
            }
            long t3 = System.nanoTime();
            requireEmpty(Commands.run(all));
            long t4 = System.nanoTime();
            requireEmpty(Commands.run("wg", "show", ifname, "dump"));
            long t5 = System.nanoTime();
            if (round >= WARMUP_ROUNDS) { // the first rounds warm the JIT up
                int r = round - WARMUP_ROUNDS;
                changed[r] = t1 - t0;
                unchanged[r] = t2 - t1;
                single[r] = t4 - t3;
                dump[r] = t5 - t4;
            }
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < peers; i++) {
            requireEmpty(Commands.run("wg", "set", ifname, "peer", keys.get(i).toBase64(), "endpoint", endpoint(i, 100)));
        }
        double perPeer = (System.nanoTime() - t0) / 1e6;
        double oursChanged = Stats.median(Stats.nanosToMillis(changed));
        double oursUnchanged = Stats.median(Stats.nanosToMillis(unchanged));
        double singleMs = Stats.median(Stats.nanosToMillis(single));
        LOG.atInfo().addKeyValue("component", "bench").addKeyValue("peers", peers)
                .addKeyValue("ours_changed_ms", oursChanged).addKeyValue("ours_unchanged_ms", oursUnchanged)
                .addKeyValue("wg_single_ms", singleMs).addKeyValue("wg_per_peer_ms", perPeer)
                .log("wireguard-go updates");

        double dumpMs = Stats.median(Stats.nanosToMillis(dump));
        String spread = String.format("reading all peers with `wg show dump`: %.0f ms; ours changed: %d rounds, min %.0f max %.0f ms; one `wg set`: %d rounds, min %.0f max %.0f ms",
                dumpMs, ROUNDS, Stats.percentile(Stats.nanosToMillis(changed), 1), Stats.percentile(Stats.nanosToMillis(changed), 100),
                ROUNDS, Stats.percentile(Stats.nanosToMillis(single), 1), Stats.percentile(Stats.nanosToMillis(single), 100));
        store.write(new Row("3a-wg-changed-vs-per-peer", String.format(CHANGED, peers), "ms",
                OptionalDouble.of(oursChanged), "`wg set` once per peer (10,000 processes, one run)",
                OptionalDouble.of(perPeer), false, "≥ 50× faster", Row.Verdict.of(perPeer / oursChanged >= 50), command,
                String.format("per-peer: %.2f ms per `wg set` process", perPeer / peers)));
        store.write(new Row("3b-wg-changed-vs-single", String.format(CHANGED, peers), "ms",
                OptionalDouble.of(oursChanged), "one `wg set` carrying all peers", OptionalDouble.of(singleMs), false,
                "ours ≤ 1.5× its time", Row.Verdict.of(oursChanged <= 1.5 * singleMs), command,
                String.format("ours = one full read (row 3c: %.0f ms) + one write; the write alone ≈ %.0f ms; %s",
                        oursUnchanged, oursChanged - oursUnchanged, spread)));
        store.write(new Row("3c-wg-unchanged", String.format(UNCHANGED, peers), "ms", OptionalDouble.of(oursUnchanged),
                "one `wg set` carrying all peers (rewrites every peer)", OptionalDouble.of(singleMs), false,
                "no write (every peer reported UNCHANGED)", Row.Verdict.of(allUnchanged), command,
                (allUnchanged ? "ours: one UAPI get, no set; every peer UNCHANGED in every round"
                        : "some peers were not reported UNCHANGED")
                        + String.format("; reading all peers with `wg show dump`: %.0f ms", dumpMs)));
    }

    private static String endpoint(int i, int round) {
        return "198.51." + (100 + round % 100) + "." + (i % 250 + 1) + ":" + (10_000 + i % 50_000);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark sanity check failed: " + what);
        }
    }

    private static void requireEmpty(String error) {
        check(error.isEmpty(), error);
    }
}
