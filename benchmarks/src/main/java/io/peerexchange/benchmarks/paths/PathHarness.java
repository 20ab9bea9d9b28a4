package io.peerexchange.benchmarks.paths;

import io.peerexchange.benchmarks.report.ReportWriter;
import io.peerexchange.benchmarks.results.Row;
import io.peerexchange.benchmarks.results.RowStore;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import io.peerexchange.testing.env.Require;
import io.peerexchange.testing.lab.PathCase;
import io.peerexchange.testing.lab.PathResult;
import io.peerexchange.testing.lab.PathRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The lab matrix as figures (docs/ARCHITECTURE.md#lab-matrix): every case run {@code RUNS} times with
 * connectivity checks and as often with {@code connectivity_checks: false}, and the idle time to
 * tunnel {@code IDLE_RUNS} times each way. Writes rows 6a (idle WireGuard, traffic from 1.0 s), 6b
 * (WireGuard up just before the agents: its first retry), 6c (recovery after a remap), 6d (after a
 * WAN address change), and the table {@value ReportWriter#PATH_MATRIX}. A run that got no tunnel
 * counts as slower than any. Arguments: {@code AGENT_JAR [RUNS [IDLE_RUNS [COMMAND]]]}.
 */
public final class PathHarness {
    static final String PREFIX = "pxk";
    static final long LIMIT_MILLIS = 20_000;
    static final long OFFER_AFTER_MILLIS = 1_000;
    static final String ALTERNATIVE = "the same agents, `connectivity_checks: false`";
    private static final ComponentLogger LOG = ComponentLogger.of(PathHarness.class, Component.BENCH);

    private PathHarness() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int idleRuns = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String command = args.length > 3
                ? args[3]
                : "java -cp benchmarks/target/benchmarks.jar " + PathHarness.class.getName() + " " + jar;
        RowStore store = RowStore.fromSystemProperty();
        if (!Require.isRoot()) {
            for (String[] row : rows()) {
                store.write(Row.notMeasured(
                        row[0],
                        row[1],
                        "s",
                        ALTERNATIVE,
                        row[2],
                        command,
                        "needs root (network namespaces, wireguard-go)"));
            }
            return;
        }
        // AgentProcess starts this jar; the control plane runs from this harness's own class path.
        System.setProperty("peerexchange.jar", jar.toAbsolutePath().toString());
        String classpath = System.getProperty("java.class.path");
        Map<PathCase, List<PathResult>> ours = new EnumMap<>(PathCase.class);
        Map<PathCase, List<PathResult>> theirs = new EnumMap<>(PathCase.class);
        for (PathCase pathCase : PathCase.values()) {
            ours.put(pathCase, new ArrayList<>());
            theirs.put(pathCase, new ArrayList<>());
            for (int i = 0; i < runs; i++) {
                for (boolean checks : new boolean[] {true, false}) {
                    PathResult result = PathRuns.run(pathCase, PREFIX, checks, classpath, LIMIT_MILLIS);
                    LOG.atInfo().addKeyValue("run", result.summary()).log("lab matrix run");
                    (checks ? ours : theirs).get(pathCase).add(result);
                }
            }
        }
        List<OptionalLong> idleOurs = new ArrayList<>();
        List<OptionalLong> idleTheirs = new ArrayList<>();
        for (int i = 0; i < idleRuns; i++) {
            for (boolean checks : new boolean[] {true, false}) {
                PathResult result = PathRuns.idleTunnel(
                        PREFIX, checks, classpath, OFFER_AFTER_MILLIS, OFFER_AFTER_MILLIS + LIMIT_MILLIS);
                LOG.atInfo().addKeyValue("run", "idle " + result.summary()).log("lab matrix run");
                (checks ? idleOurs : idleTheirs).add(result.tunnelMillis());
            }
        }
        String[][] rows = rows();
        store.write(row(rows[0], idleOurs, idleTheirs, 1.5, command));
        store.write(row(
                rows[1],
                figures(ours, PathCase.A_TWO_NATS, PathResult::tunnelMillis),
                figures(theirs, PathCase.A_TWO_NATS, PathResult::tunnelMillis),
                5.5,
                command));
        store.write(row(
                rows[2],
                figures(ours, PathCase.E_REMAP, PathResult::recoveryMillis),
                figures(theirs, PathCase.E_REMAP, PathResult::recoveryMillis),
                3.0,
                command));
        store.write(row(
                rows[3],
                figures(ours, PathCase.F_NEW_WAN_ADDRESS, PathResult::recoveryMillis),
                figures(theirs, PathCase.F_NEW_WAN_ADDRESS, PathResult::recoveryMillis),
                3.0,
                command));
        Files.writeString(store.directory().resolve(ReportWriter.PATH_MATRIX), table(ours, theirs, runs));
        System.err.print(table(ours, theirs, runs));
    }

    /** id, what, target of rows 6a-6d. */
    private static String[][] rows() {
        return new String[][] {
            {
                "6a-time-to-tunnel-idle",
                "two NATs, idle WireGuard, traffic from 1.0 s: agents' start to the first ping reply",
                "≤ 1.5 s"
            },
            {
                "6b-time-to-tunnel-first-retry",
                "two NATs, WireGuard up just before the agents: agents' start to the first ping reply",
                "≤ 5.5 s (WireGuard's first retry)"
            },
            {
                "6c-recovery-after-remap",
                "router remaps the WireGuard port and flushes conntrack: to the first ping reply",
                "≤ 3 s"
            },
            {"6d-recovery-after-wan-change", "router gets a new WAN address: to the first ping reply", "≤ 3 s"},
        };
    }

    private static List<OptionalLong> figures(
            Map<PathCase, List<PathResult>> results, PathCase pathCase, Function<PathResult, OptionalLong> figure) {
        return results.get(pathCase).stream().map(figure).toList();
    }

    private static Row row(
            String[] row, List<OptionalLong> ours, List<OptionalLong> theirs, double targetSeconds, String command) {
        OptionalDouble oursMedian = seconds(PathRuns.median(ours));
        OptionalDouble theirsMedian = seconds(PathRuns.median(theirs));
        return new Row(
                row[0],
                row[1] + " (median of " + ours.size() + ")",
                "s",
                oursMedian,
                ALTERNATIVE,
                theirsMedian,
                false,
                row[2],
                Row.Verdict.of(oursMedian.isPresent() && oursMedian.getAsDouble() <= targetSeconds),
                command,
                "every run, ours: " + list(ours) + "; theirs: " + list(theirs) + " (none: no reply within "
                        + LIMIT_MILLIS / 1000 + " s)");
    }

    private static OptionalDouble seconds(OptionalLong millis) {
        return millis.isPresent() ? OptionalDouble.of(millis.getAsLong() / 1000.0) : OptionalDouble.empty();
    }

    private static String list(List<OptionalLong> figures) {
        List<String> texts = new ArrayList<>();
        figures.forEach(f -> texts.add(f.isPresent() ? String.format("%.2f", f.getAsLong() / 1000.0) : "none"));
        return String.join(", ", texts);
    }

    private static String table(
            Map<PathCase, List<PathResult>> ours, Map<PathCase, List<PathResult>> theirs, int runs) {
        StringBuilder md = new StringBuilder(
                "| case | topology | checks: passed | tunnel (median) | recovery (median) | path kinds a/b | without checks: passed | tunnel | recovery |\n"
                        + "|---|---|---|---|---|---|---|---|---|\n");
        for (PathCase pathCase : PathCase.values()) {
            List<PathResult> on = ours.get(pathCase);
            List<PathResult> off = theirs.get(pathCase);
            md.append("| (")
                    .append(pathCase.letter())
                    .append(") | ")
                    .append(pathCase.topology().name().toLowerCase(Locale.ROOT))
                    .append(
                            pathCase.event() == PathCase.Event.NONE
                                    ? ""
                                    : " + " + pathCase.event().name().toLowerCase(Locale.ROOT))
                    .append(pathCase == PathCase.G_IDLE_PEER ? " (peer b idle)" : "")
                    .append(" | ")
                    .append(passed(on))
                    .append('/')
                    .append(runs)
                    .append(" | ")
                    .append(median(on, PathResult::tunnelMillis))
                    .append(" | ")
                    .append(pathCase.event() == PathCase.Event.NONE ? "n/a" : median(on, PathResult::recoveryMillis))
                    .append(" | ")
                    .append(on.get(on.size() - 1).kind1().orElse("-"))
                    .append('/')
                    .append(on.get(on.size() - 1).kind2().orElse("-"))
                    .append(" | ")
                    .append(passed(off))
                    .append('/')
                    .append(runs)
                    .append(" | ")
                    .append(median(off, PathResult::tunnelMillis))
                    .append(" | ")
                    .append(pathCase.event() == PathCase.Event.NONE ? "n/a" : median(off, PathResult::recoveryMillis))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static long passed(List<PathResult> results) {
        return results.stream().filter(PathResult::passed).count();
    }

    private static String median(List<PathResult> results, Function<PathResult, OptionalLong> figure) {
        OptionalLong median = PathRuns.median(results.stream().map(figure).toList());
        return median.isPresent() ? String.format("%.2f s", median.getAsLong() / 1000.0) : "none";
    }
}
