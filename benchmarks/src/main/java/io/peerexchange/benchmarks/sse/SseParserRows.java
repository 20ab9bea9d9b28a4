package io.peerexchange.benchmarks.sse;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerexchange.benchmarks.results.JmhResults;
import io.peerexchange.benchmarks.results.Row;
import io.peerexchange.benchmarks.results.RowStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Writes row {@code 2a} from the JMH JSON of {@link SseParserBenchmark}: ms per whole stream turned
 * into MB/s and events/s. Arguments: {@code JMH_JSON MEGABYTES JMH_COMMAND}.
 */
public final class SseParserRows {
    private SseParserRows() {}

    public static void main(String[] args) throws IOException {
        JmhResults jmh = JmhResults.read(Path.of(args[0]));
        int megabytes = Integer.parseInt(args[1]);
        byte[] stream = SyntheticStream.ofMegabytes(megabytes);
        int events = SyntheticStream.eventCount(stream);
        JsonNode ours = jmh.find("peerexchange", Map.of()).orElseThrow(() -> new IOException("no result for ours"));
        JsonNode theirs = jmh.find("launchDarkly", Map.of()).orElseThrow(() -> new IOException("no result for LD"));
        double oursMs = JmhResults.medianOfIterations(ours);
        double theirsMs = JmhResults.medianOfIterations(theirs);
        double oursMbps = stream.length / 1e6 / (oursMs / 1e3);
        double theirsMbps = stream.length / 1e6 / (theirsMs / 1e3);
        RowStore.fromSystemProperty()
                .write(new Row(
                        "2a-sse-parser-throughput",
                        String.format(
                                "SSE: parser throughput, %.1f MB synthetic stream of %,d signed envelopes, from memory",
                                stream.length / 1e6, events),
                        "MB/s",
                        OptionalDouble.of(oursMbps),
                        "LaunchDarkly okhttp-eventsource 4.3.0 EventSource (its parser, fed an InputStream)",
                        OptionalDouble.of(theirsMbps),
                        true,
                        "≥ 1.0× LaunchDarkly",
                        Row.Verdict.of(oursMbps >= theirsMbps),
                        args[2],
                        String.format(
                                "events/s: ours %,.0f, theirs %,.0f; ms per stream: ours %.0f, theirs %.0f",
                                events / (oursMs / 1e3), events / (theirsMs / 1e3), oursMs, theirsMs)));
    }
}
