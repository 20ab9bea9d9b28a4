package io.peerexchange.benchmarks.wireguard;

import io.peerexchange.adapters.wireguard.Backend;
import io.peerexchange.adapters.wireguard.WireGuardPeerUpdater;
import io.peerexchange.adapters.wireguard.WireGuardSettings;
import io.peerexchange.benchmarks.results.Commands;
import io.peerexchange.benchmarks.results.Row;
import io.peerexchange.benchmarks.results.RowStore;
import io.peerexchange.benchmarks.results.Stats;
import io.peerexchange.domain.PeerDirectory;
import io.peerexchange.domain.PeerEndpointApplier;
import io.peerexchange.domain.PeerEventBatcher;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.PeerUpdater;
import io.peerexchange.ports.UpdateOutcome.Status;
import io.peerexchange.ports.UpdateReport;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import io.peerexchange.ports.testing.FakePeerLister;
import io.peerexchange.testing.wireguard.WireGuardGo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * 10,000 peers on a real wireguard-go (root; namespace {@code pxb-wg}, interface {@code pxb0}):
 * the adapter applying 10,000 changed endpoints in one call (one get, one set), the adapter with
 * 10,000 unchanged endpoints (one get, no set), wg(8) once per peer (what a script does) and wg(8)
 * once with every peer on one command line. Writes rows {@code 3a}–{@code 3c}; without root it
 * writes them as not measured. Arguments: {@code [PEERS [COMMAND]]}.
 */
public final class WireGuardGoHarness {
    private static final ComponentLogger LOG = ComponentLogger.of(WireGuardGoHarness.class, Component.BENCH);
    private static final int ROUNDS = 11;
    private static final int WARMUP_ROUNDS = 3;
    private static final int BURST_ROUNDS = 5;
    private static final int BURST_EVENTS = 1_000;
    private static final String CHANGED = "WireGuard: apply %,d changed peer endpoints to wireguard-go";
    private static final String UNCHANGED = "WireGuard: %,d unchanged peer endpoints (ours must write nothing)";

    private WireGuardGoHarness() {}

    public static void main(String[] args) throws Exception {
        int peers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String command = args.length > 1
                ? args[1]
                : "java -cp benchmarks/target/benchmarks.jar " + WireGuardGoHarness.class.getName();
        RowStore store = RowStore.fromSystemProperty();
        if (!Commands.isRoot()) {
            String reason = "needs root (network namespace, wireguard-go); run-benchmarks.sh was not run as root";
            store.write(Row.notMeasured(
                    "3a-wg-changed-vs-per-peer",
                    String.format(CHANGED, peers),
                    "ms",
                    "`wg set` once per peer",
                    "≥ 50× faster",
                    command,
                    reason));
            store.write(Row.notMeasured(
                    "3b-wg-changed-vs-single",
                    String.format(CHANGED, peers),
                    "ms",
                    "one `wg set` with all peers",
                    "≤ 1.5× its time",
                    command,
                    reason));
            store.write(Row.notMeasured(
                    "3c-wg-unchanged",
                    String.format(UNCHANGED, peers),
                    "ms",
                    "one `wg set` with all peers",
                    "no write",
                    command,
                    reason));
            store.write(Row.notMeasured(
                    "3d-wg-event-burst",
                    String.format(
                            "WireGuard: a burst of %,d " + "peer_endpoint_changed events on a %,d-peer interface",
                            Math.min(BURST_EVENTS, peers), peers),
                    "ms",
                    "`wg set` once per event",
                    "— (informational)",
                    command,
                    reason));
            return;
        }
        try (WireGuardGo wg = WireGuardGo.named("pxb0")
                .inFreshNamespace("pxb-wg")
                .withoutPrivateKey()
                .start()) {
            measure(wg.ifname(), peers, command, store);
        }
    }

    private static void measure(String ifname, int peers, String command, RowStore store) throws Exception {
        SeededPeers seeded = new SeededPeers(peers, i -> endpoint(i, 0));
        List<WireGuardKey> keys = seeded.keys();
        String conf = seeded.conf("");
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
            requireEmpty(
                    Commands.run("wg", "set", ifname, "peer", keys.get(i).toBase64(), "endpoint", endpoint(i, 100)));
        }
        double perPeer = (System.nanoTime() - t0) / 1e6;
        double oursChanged = Stats.median(Stats.nanosToMillis(changed));
        double oursUnchanged = Stats.median(Stats.nanosToMillis(unchanged));
        double singleMs = Stats.median(Stats.nanosToMillis(single));
        LOG.atInfo()
                .addKeyValue("peers", peers)
                .addKeyValue("ours_changed_ms", oursChanged)
                .addKeyValue("ours_unchanged_ms", oursUnchanged)
                .addKeyValue("wg_single_ms", singleMs)
                .addKeyValue("wg_per_peer_ms", perPeer)
                .log("wireguard-go updates");

        double dumpMs = Stats.median(Stats.nanosToMillis(dump));
        String spread = String.format(
                "reading all peers with `wg show dump`: %.0f ms; ours changed: %d rounds, min %.0f max %.0f ms; one `wg set`: %d rounds, min %.0f max %.0f ms",
                dumpMs,
                ROUNDS,
                Stats.percentile(Stats.nanosToMillis(changed), 1),
                Stats.percentile(Stats.nanosToMillis(changed), 100),
                ROUNDS,
                Stats.percentile(Stats.nanosToMillis(single), 1),
                Stats.percentile(Stats.nanosToMillis(single), 100));
        store.write(new Row(
                "3a-wg-changed-vs-per-peer",
                String.format(CHANGED, peers),
                "ms",
                OptionalDouble.of(oursChanged),
                "`wg set` once per peer (10,000 processes, one run)",
                OptionalDouble.of(perPeer),
                false,
                "≥ 50× faster",
                Row.Verdict.of(perPeer / oursChanged >= 50),
                command,
                String.format("per-peer: %.2f ms per `wg set` process", perPeer / peers)));
        store.write(new Row(
                "3b-wg-changed-vs-single",
                String.format(CHANGED, peers),
                "ms",
                OptionalDouble.of(oursChanged),
                "one `wg set` carrying all peers",
                OptionalDouble.of(singleMs),
                false,
                "ours ≤ 1.5× its time",
                Row.Verdict.of(oursChanged <= 1.5 * singleMs),
                command,
                String.format(
                        "ours = one full read (row 3c: %.0f ms) + one write; the write alone ≈ %.0f ms; %s",
                        oursUnchanged, oursChanged - oursUnchanged, spread)));
        store.write(new Row(
                "3c-wg-unchanged",
                String.format(UNCHANGED, peers),
                "ms",
                OptionalDouble.of(oursUnchanged),
                "one `wg set` carrying all peers (rewrites every peer)",
                OptionalDouble.of(singleMs),
                false,
                "no write (every peer reported UNCHANGED)",
                Row.Verdict.of(allUnchanged),
                command,
                (allUnchanged
                                ? "ours: one UAPI get, no set; every peer UNCHANGED in every round"
                                : "some peers were not reported UNCHANGED")
                        + String.format("; reading all peers with `wg show dump`: %.0f ms", dumpMs)));
        measureBurst(ifname, keys, Math.min(BURST_EVENTS, peers), command, store, oursUnchanged);
    }

    /**
     * A burst of {@code events} {@code peer_endpoint_changed} events for different peers, handed to the
     * agent's event path (PeerEventBatcher → PeerEndpointApplier → the UAPI updater) as fast as the
     * stream would deliver them; the clock stops when WireGuard shows the last one. The alternative is
     * what a script does per event: one {@code wg set} process each.
     */
    private static void measureBurst(
            String ifname, List<WireGuardKey> keys, int events, String command, RowStore store, double readMs)
            throws Exception {
        String what = String.format(
                "WireGuard: a burst of %,d peer_endpoint_changed events (different peers) on a "
                        + "%,d-peer interface, until all are applied",
                events, keys.size());
        CountingUpdater counting =
                new CountingUpdater(new WireGuardPeerUpdater(WireGuardSettings.of(ifname, Backend.UAPI)));
        PeerDirectory directory = new PeerDirectory(new FakePeerLister(), NodeId.of("bench"), Clock.systemUTC());
        long[] ours = new long[BURST_ROUNDS];
        int[] updates = new int[BURST_ROUNDS];
        for (int round = 0; round < BURST_ROUNDS + 1; round++) {
            counting.reset();
            try (PeerEventBatcher batcher = new PeerEventBatcher(new PeerEndpointApplier(directory, counting))) {
                long t0 = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    batcher.offer(List.of(Peer.of(
                            NodeId.of("p-" + i), keys.get(i), Optional.of(Endpoint.parse(endpoint(i, 200 + round))))));
                }
                Endpoint last = Endpoint.parse(endpoint(events - 1, 200 + round));
                counting.awaitEndpoint(keys.get(events - 1), last);
                long t1 = System.nanoTime();
                if (round > 0) { // the first round warms the JIT up
                    ours[round - 1] = t1 - t0;
                    updates[round - 1] = counting.calls();
                }
            }
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < events; i++) {
            requireEmpty(
                    Commands.run("wg", "set", ifname, "peer", keys.get(i).toBase64(), "endpoint", endpoint(i, 300)));
        }
        double perEvent = (System.nanoTime() - t0) / 1e6;
        double oursMs = Stats.median(Stats.nanosToMillis(ours));
        int medianUpdates = (int)
                Stats.median(java.util.Arrays.stream(updates).asDoubleStream().toArray());
        store.write(new Row(
                "3d-wg-event-burst",
                what,
                "ms",
                OptionalDouble.of(oursMs),
                "`wg set` once per event (a process each, one run)",
                OptionalDouble.of(perEvent),
                false,
                "— (informational)",
                Row.Verdict.NO_TARGET,
                command,
                String.format(
                        "ours: %d rounds, min %.0f max %.0f ms; the burst took %d WireGuard updates (median), each "
                                + "a full device read and one write; one update per event would cost about %,d × %.0f ms (row 3c's "
                                + "read) = %.1f s",
                        BURST_ROUNDS,
                        Stats.percentile(Stats.nanosToMillis(ours), 1),
                        Stats.percentile(Stats.nanosToMillis(ours), 100),
                        medianUpdates,
                        events,
                        readMs,
                        events * readMs / 1000)));
    }

    /** Counts the updates and lets the harness wait until a peer's endpoint has been written. */
    private static final class CountingUpdater implements PeerUpdater {
        private final PeerUpdater delegate;
        private final java.util.Map<WireGuardKey, Endpoint> written = new java.util.HashMap<>();
        private int calls;

        CountingUpdater(PeerUpdater delegate) {
            this.delegate = delegate;
        }

        synchronized void reset() {
            written.clear();
            calls = 0;
        }

        synchronized int calls() {
            return calls;
        }

        synchronized void awaitEndpoint(WireGuardKey key, Endpoint endpoint) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!endpoint.equals(written.get(key))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the burst's last event did not reach WireGuard within 120 s");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        @Override
        public UpdateReport updateEndpoints(List<EndpointUpdate> updates) throws PeerUpdateException {
            UpdateReport report = delegate.updateEndpoints(updates);
            synchronized (this) {
                calls++;
                for (EndpointUpdate update : updates) {
                    written.put(update.publicKey(), update.endpoint());
                }
                notifyAll();
            }
            return report;
        }
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
