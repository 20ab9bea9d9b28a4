package io.peerexchange.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.benchmarks.report.ReportWriter;
import io.peerexchange.benchmarks.results.Row;
import io.peerexchange.benchmarks.results.RowStore;
import io.peerexchange.benchmarks.results.Stats;
import io.peerexchange.benchmarks.sse.SseParserBenchmark;
import io.peerexchange.benchmarks.sse.SyntheticStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the harness plumbing in well under a second; no benchmark runs here. */
class HarnessSmokeTest {
    @TempDir
    Path dir;

    @Test
    void givenOneMegabyteStream_bothParsers_seeTheSameEventsAndData() throws Exception {
        SseParserBenchmark benchmark = new SseParserBenchmark();
        benchmark.megabytes = 1;
        benchmark.generate();

        long ours = benchmark.peerexchange();
        long theirs = benchmark.launchDarkly();

        assertThat(ours).isPositive().isEqualTo(theirs);
    }

    @Test
    void givenSyntheticStream_eventCount_countsWholeEvents() {
        byte[] stream = SyntheticStream.ofMegabytes(1);

        assertThat(stream.length).isGreaterThanOrEqualTo(1 << 20);
        assertThat(SyntheticStream.eventCount(stream)).isGreaterThan(1000);
    }

    @Test
    void givenSample_percentiles_areNearestRank() {
        double[] sample = new double[100];
        for (int i = 0; i < 100; i++) {
            sample[i] = 100 - i;
        }

        assertThat(Stats.median(sample)).isEqualTo(50);
        assertThat(Stats.percentile(sample, 99)).isEqualTo(99);
        assertThat(Stats.percentile(sample, 100)).isEqualTo(100);
        assertThatThrownBy(() -> Stats.percentile(new double[0], 50)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenTimeRow_advantage_isTheirsOverOurs() {
        Row row = row("1b-x", 2, 10, false, Row.Verdict.MET);

        assertThat(row.advantage()).hasValue(5.0);
    }

    @Test
    void givenStoredRows_reportWriter_writesTableCommandsAndMissedTargetAnalysis() throws Exception {
        Path results = Files.createDirectories(dir.resolve("results"));
        Path analysis = Files.createDirectories(dir.resolve("analysis"));
        RowStore store = new RowStore(results);
        store.write(row("2a-sse", 300, 150, true, Row.Verdict.MET));
        store.write(row("3b-wg", 120, 60, false, Row.Verdict.NOT_MET));
        store.write(Row.notMeasured("3c-wg", "unchanged", "ms", "wg", "no write", "cmd", "needs root"));
        Files.writeString(results.resolve("3b-wg.profile.md"), "PROFILE TABLE\n");
        Files.writeString(analysis.resolve("3b-wg.md"), "WHY AND HOW TO CLOSE\n");
        Path environment = Files.writeString(dir.resolve("env.md"), "## Environment\n");
        Path output = dir.resolve("BENCHMARKS.md");

        ReportWriter.main(
                new String[] {results.toString(), output.toString(), analysis.toString(), environment.toString()});

        String md = Files.readString(output);
        assertThat(md)
                .contains("| 2a | what 2a-sse | 300 MB | alt | 150 MB | 2.00× | target | met |")
                .contains("| 3b | what 3b-wg | 120 MB | alt | 60.0 MB | 0.50× | target | **not met** |")
                .contains("| 3c | unchanged | — | wg | — | — | no write | not measured |")
                .contains("`cmd 3b-wg`", "needs root", "PROFILE TABLE", "WHY AND HOW TO CLOSE");
    }

    private static Row row(String id, double ours, double theirs, boolean higherIsBetter, Row.Verdict verdict) {
        return new Row(
                id,
                "what " + id,
                "MB",
                OptionalDouble.of(ours),
                "alt",
                OptionalDouble.of(theirs),
                higherIsBetter,
                "target",
                verdict,
                "cmd " + id,
                "");
    }
}
