package io.peerexchange.adapters.wireguard.bench;

import io.peerexchange.adapters.wireguard.Backend;
import io.peerexchange.adapters.wireguard.WireGuardPeerUpdater;
import io.peerexchange.adapters.wireguard.WireGuardSettings;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.UpdateOutcome.Status;
import io.peerexchange.ports.UpdateReport;
import io.peerexchange.ports.WireGuardKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * 10,000 peers on a real wireguard-go (root; namespace {@code pxw-bench}, interface {@code pxw9}):
 * <ol>
 *   <li>the adapter applying 10,000 changed endpoints in one call (one get, one set);
 *   <li>the adapter with 10,000 unchanged endpoints (one get, no set);
 *   <li>wg(8) run once per peer, 10,000 times, and once with all peers on one command line.
 * </ol>
 * Run: {@code cd /work/main && mvn -B -o -q -pl adapters-wireguard test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.peerexchange.adapters.wireguard.bench.WireGuardGoBenchmark}
 * (add {@code -Dexec.args=2000} for another peer count). Figures are logged at INFO.
 */
public final class WireGuardGoBenchmark {
    private static final Logger LOG = LoggerFactory.getLogger(WireGuardGoBenchmark.class);
    private static final String NETNS = "pxw-bench";
    private static final String IFNAME = "pxw9";
    private static final int ROUNDS = 5;

    private WireGuardGoBenchmark() {}

    public static void main(String[] args) throws Exception {
        int peers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path work = Files.createTempDirectory("pxw-bench");
        run("ip", "netns", "del", NETNS);
        run("ip", "netns", "add", NETNS);
        Process wireguardGo = new ProcessBuilder("ip", "netns", "exec", NETNS, "wireguard-go", "-f", IFNAME)
                .redirectErrorStream(true).redirectOutput(work.resolve("wg.log").toFile()).start();
        try {
            Path socket = Path.of("/var/run/wireguard", IFNAME + ".sock");
            while (!Files.exists(socket) || !run("wg", "show", IFNAME).isEmpty()) {
                Thread.sleep(20);
            }
            List<WireGuardKey> keys = new ArrayList<>(peers);
            StringBuilder conf = new StringBuilder();
            for (int i = 0; i < peers; i++) {
                byte[] k = new byte[32];
                k[0] = 0x42;
                k[29] = (byte) (i >>> 16);
                k[30] = (byte) (i >>> 8);
                k[31] = (byte) i;
                keys.add(WireGuardKey.of(k));
                conf.append("[Peer]\nPublicKey = ").append(keys.get(i).toBase64()).append("\nAllowedIPs = 10.")
                        .append(100 + i / 65536).append('.').append((i / 256) % 256).append('.').append(i % 256)
                        .append("/32\nEndpoint = ").append(endpoint(i, 0)).append("\n\n");
            }
            Path confFile = work.resolve("peers.conf");
            Files.writeString(confFile, conf);
            requireEmpty(run("wg", "addconf", IFNAME, confFile.toString()));

            WireGuardPeerUpdater updater = new WireGuardPeerUpdater(WireGuardSettings.of(IFNAME, Backend.UAPI));
            long[] changed = new long[ROUNDS];
            long[] unchanged = new long[ROUNDS];
            for (int round = 0; round < ROUNDS + 1; round++) {
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
                check(same.count(Status.UNCHANGED) == peers, "all unchanged");
                if (round > 0) { // round 0 warms the JIT up
                    changed[round - 1] = t1 - t0;
                    unchanged[round - 1] = t2 - t1;
                }
            }
            log("adapter: changed peers applied in one call", peers, changed);
            log("adapter: unchanged peers, no write", peers, unchanged);

            long t0 = System.nanoTime();
            for (int i = 0; i < peers; i++) {
                requireEmpty(run("wg", "set", IFNAME, "peer", keys.get(i).toBase64(), "endpoint", endpoint(i, 100)));
            }
            long perPeer = System.nanoTime() - t0;
            List<String> all = new ArrayList<>(List.of("wg", "set", IFNAME));
            for (int i = 0; i < peers; i++) {
                all.addAll(List.of("peer", keys.get(i).toBase64(), "endpoint", endpoint(i, 101)));
            }
            long t1 = System.nanoTime();
            requireEmpty(run(all.toArray(String[]::new)));
            long oneCall = System.nanoTime() - t1;
            log("wg set once per peer", peers, new long[] {perPeer});
            log("wg set with all peers in one invocation", peers, new long[] {oneCall});
        } finally {
            wireguardGo.destroy();
            wireguardGo.waitFor(5, TimeUnit.SECONDS);
            run("ip", "netns", "del", NETNS);
            try (var files = Files.list(work)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    private static String endpoint(int i, int round) {
        return "198.51." + (100 + round % 100) + "." + (i % 250 + 1) + ":" + (10_000 + i % 50_000);
    }

    private static void log(String what, int peers, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        LOG.atInfo()
                .addKeyValue("component", "wireguard")
                .addKeyValue("case", what)
                .addKeyValue("peers", peers)
                .addKeyValue("rounds", nanos.length)
                .addKeyValue("min_ms", String.format("%.1f", sorted[0] / 1e6))
                .addKeyValue("median_ms", String.format("%.1f", sorted[sorted.length / 2] / 1e6))
                .addKeyValue("max_ms", String.format("%.1f", sorted[sorted.length - 1] / 1e6))
                .log("benchmark");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark sanity check failed: " + what);
        }
    }

    private static void requireEmpty(String error) {
        check(error.isEmpty(), error);
    }

    /** Runs a command; empty string on success, its output otherwise. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return p.exitValue() == 0 ? "" : "exit " + p.exitValue() + ": " + out;
    }
}
