package io.peerexchange.benchmarks.stun;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerexchange.benchmarks.results.Commands;
import io.peerexchange.benchmarks.results.JmhResults;
import io.peerexchange.benchmarks.results.Row;
import io.peerexchange.benchmarks.results.RowStore;
import io.peerexchange.benchmarks.results.Stats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Writes the STUN rows from the JMH JSON of {@link StunDecodeBenchmark} and
 * {@link LoopbackDiscoveryBenchmark}, after timing {@code turnutils_stunclient} (one process per
 * discovery, what a shell script would run) against the same coturn.
 * Arguments: {@code JMH_JSON STUN_PORT JMH_COMMAND}.
 */
public final class StunRows {
    private static final int RUNS = 100;

    private StunRows() {}

    public static void main(String[] args) throws Exception {
        Path json = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        String jmhCommand = args[2];
        JmhResults jmh = JmhResults.read(json);
        RowStore store = RowStore.fromSystemProperty();
        String selfCommand = "java -cp benchmarks/target/benchmarks.jar " + StunRows.class.getName() + " "
                + json.getFileName() + " " + port + " '<the JMH command>'";
        double[] stunclient = timeStunclient(port);
        double theirs = Stats.median(stunclient);
        String stunclientNote = String.format(
                "turnutils_stunclient: %d runs, p99 %.0f µs (a process per discovery)",
                RUNS, Stats.percentile(stunclient, 99));

        JsonNode coturnDecode = require(jmh.find("decodeCoturnResponse", Map.of()), "decodeCoturnResponse");
        Optional<JsonNode> rfcDecode = jmh.find("decodeRfc5769Response", Map.of());
        store.write(new Row(
                "1a-stun-decode",
                "STUN: decode one Binding success response (coturn's answer)",
                "ns/op",
                OptionalDouble.of(JmhResults.medianOfIterations(coturnDecode)),
                "— (no alternative decoder in scope)",
                OptionalDouble.empty(),
                false,
                "— (informational)",
                Row.Verdict.NO_TARGET,
                jmhCommand,
                rfcDecode
                        .map(r -> String.format(
                                "RFC 5769 vector with MESSAGE-INTEGRITY and FINGERPRINT: %.0f ns/op",
                                JmhResults.medianOfIterations(r)))
                        .orElse("")));

        for (String method : new String[] {"BOUND", "SHARED_PORT"}) {
            String id = method.equals("BOUND") ? "1b-stun-discovery-bound" : "1c-stun-discovery-shared";
            String what = "STUN: in-process discovery round trip against coturn on loopback ("
                    + (method.equals("BOUND") ? "free port, BOUND" : "port held by another socket, raw SHARED_PORT")
                    + ")";
            Optional<JsonNode> result = jmh.find("discover", Map.of("method", method));
            if (result.isEmpty()) {
                store.write(Row.notMeasured(
                        id,
                        what,
                        "µs",
                        "turnutils_stunclient (coturn's own client)",
                        "median ≤ 1000 µs",
                        jmhCommand,
                        method.equals("SHARED_PORT")
                                ? "needs root (raw sockets); run-benchmarks.sh was not run as root"
                                : "JMH produced no result for this parameter"));
                continue;
            }
            double ours = JmhResults.percentile(result.get(), "50.0");
            double p99 = JmhResults.percentile(result.get(), "99.0");
            store.write(new Row(
                    id,
                    what,
                    "µs",
                    OptionalDouble.of(ours),
                    "turnutils_stunclient (coturn's own client)",
                    OptionalDouble.of(theirs),
                    false,
                    "median ≤ 1000 µs",
                    Row.Verdict.of(ours <= 1000),
                    jmhCommand + " ; " + selfCommand,
                    String.format("ours p99 %.0f µs; %s", p99, stunclientNote)));
        }
    }

    private static JsonNode require(Optional<JsonNode> node, String what) throws IOException {
        return node.orElseThrow(() -> new IOException("no JMH result for " + what));
    }

    private static double[] timeStunclient(int port) throws IOException, InterruptedException {
        for (int i = 0; i < 5; i++) {
            Commands.require("turnutils_stunclient", "-p", Integer.toString(port), "127.0.0.1");
        }
        double[] micros = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            Commands.require("turnutils_stunclient", "-p", Integer.toString(port), "127.0.0.1");
            micros[i] = (System.nanoTime() - start) / 1e3;
        }
        return micros;
    }
}
