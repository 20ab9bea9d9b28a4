package io.peerexchange.benchmarks.sse;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.logging.LDLogger;
import io.peerexchange.adapters.controlplane.sse.SseEvent;
import io.peerexchange.adapters.controlplane.sse.SseListener;
import io.peerexchange.adapters.controlplane.sse.SseParseException;
import io.peerexchange.adapters.controlplane.sse.SseParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing the same ≥ 100 MiB synthetic stream ({@link SyntheticStream}) from memory, start to end,
 * once per operation: our {@link SseParser} fed 16 KiB reads, and LaunchDarkly's
 * {@code okhttp-eventsource} {@link EventSource} (its real parser, reached through a custom
 * {@link ConnectStrategy} that hands it an {@link InputStream}: no network) with a 16 KiB read buffer.
 * Both count events and data characters so neither result is dead code.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class SseParserBenchmark {
    private static final int CHUNK = 16 * 1024;
    private static final URI ORIGIN = URI.create("http://127.0.0.1/v1/nodes/bench/events");

    @Param({"110"})
    public int megabytes;

    private byte[] stream;
    private int expectedEvents;

    @Setup(Level.Trial)
    public void generate() {
        stream = SyntheticStream.ofMegabytes(megabytes);
        expectedEvents = SyntheticStream.eventCount(stream);
    }

    @Benchmark
    public long peerexchange() throws IOException, SseParseException {
        long[] count = new long[2];
        SseParser parser = new SseParser(new SseListener() {
            @Override
            public void onEvent(SseEvent event) {
                count[0]++;
                count[1] += event.data().length();
            }
        });
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = new ByteArrayInputStream(stream)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                parser.feed(buffer, 0, n);
            }
        }
        parser.end();
        return check(count);
    }

    @Benchmark
    public long launchDarkly() {
        long[] count = new long[2];
        try (EventSource source = new EventSource.Builder(new InMemory(stream))
                .readBufferSize(CHUNK)
                .streamEventData(false)
                .logger(LDLogger.none())
                .build()) {
            // messages() stops at the end of the stream (ErrorStrategy.alwaysThrow, the default).
            for (MessageEvent event : source.messages()) {
                count[0]++;
                count[1] += event.getData().length();
            }
        }
        return check(count);
    }

    private long check(long[] count) {
        if (count[0] != expectedEvents) {
            throw new IllegalStateException("parsed " + count[0] + " events, expected " + expectedEvents);
        }
        return count[1];
    }

    /** Hands EventSource the bytes as if they had arrived over HTTP; one connection only. */
    private static final class InMemory extends ConnectStrategy {
        private final byte[] bytes;

        InMemory(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public Client createClient(LDLogger logger) {
            return new Client() {
                private boolean used;

                @Override
                public Result connect(String lastEventId) throws com.launchdarkly.eventsource.StreamException {
                    if (used) {
                        throw new com.launchdarkly.eventsource.StreamIOException(new IOException("stream consumed"));
                    }
                    used = true;
                    InputStream in = new ByteArrayInputStream(bytes);
                    return new Result(in, ORIGIN, in);
                }

                @Override
                public boolean awaitClosed(long timeoutMillis) {
                    return true;
                }

                @Override
                public URI getOrigin() {
                    return ORIGIN;
                }

                @Override
                public void close() {
                    used = true;
                }
            };
        }
    }
}
