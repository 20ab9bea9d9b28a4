package io.peerexchange.adapters.controlplane.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz targets for the event-stream parser; the first input byte steers, the rest is the stream.
 * {@code feed}: fed whole and fed in chunks, the parser must find the same events, retries and
 * failure (a split CRLF or UTF-8 character changes nothing), and only {@link SseParseException}
 * may escape. {@code reconnect}: a connection cut anywhere, then {@link SseParser#reconnect()},
 * behaves like a new parser seeded with the last event id. Small caps so the fuzzer reaches the
 * limits. Inputs:
 * {@code src/test/resources/io/peerexchange/adapters/controlplane/sse/SseParserFuzzTestInputs/<method>/}.
 */
class SseParserFuzzTest {
    private static final int MAX_LINE = 64;
    private static final int MAX_EVENT = 256;

    @FuzzTest(maxDuration = "10m")
    void feed(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int chunk = 1 + (input[0] & 0x0f);
        byte[] stream = Arrays.copyOfRange(input, 1, input.length);
        Outcome whole = run(stream, stream.length == 0 ? 1 : stream.length);
        Outcome chunked = run(stream, chunk);
        assertThat(chunked).isEqualTo(whole);
        for (SseEvent event : whole.events()) {
            assertThat(event.type()).isNotEmpty();
            assertThat(event.lastEventId()).doesNotContain("\0");
        }
    }

    /**
     * The first input byte picks where the first connection breaks off. After {@link SseParser#reconnect()}
     * the parser must go on exactly like a new parser seeded with its last event id, whatever the
     * first connection left half-read or broke.
     */
    @FuzzTest(maxDuration = "10m")
    void reconnect(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] stream = Arrays.copyOfRange(input, 1, input.length);
        int cut = stream.length == 0 ? 0 : (input[0] & 0xff) % (stream.length + 1);
        byte[] first = Arrays.copyOfRange(stream, 0, cut);
        byte[] second = Arrays.copyOfRange(stream, cut, stream.length);
        List<Object> seen = new ArrayList<>();
        SseParser parser = new SseParser(recorder(seen), MAX_LINE, MAX_EVENT, "");
        try {
            parser.feed(first, 0, first.length);
        } catch (SseParseException e) {
            // The connection broke a limit: the next one starts clean.
        }
        String resumeFrom = parser.lastEventId();
        seen.clear();
        parser.reconnect();
        String failure = feedAll(parser, second);
        Outcome resumed = new Outcome(List.copyOf(seen), List.of(), failure, parser.lastEventId());

        List<Object> fresh = new ArrayList<>();
        SseParser seeded = new SseParser(recorder(fresh), MAX_LINE, MAX_EVENT, resumeFrom);
        String seededFailure = feedAll(seeded, second);
        assertThat(resumed).isEqualTo(new Outcome(fresh, List.of(), seededFailure, seeded.lastEventId()));
    }

    private static SseListener recorder(List<Object> seen) {
        return new SseListener() {
            @Override
            public void onEvent(SseEvent event) {
                seen.add(event);
            }

            @Override
            public void onRetry(long millis) {
                seen.add(millis);
            }
        };
    }

    private static String feedAll(SseParser parser, byte[] bytes) {
        try {
            parser.feed(bytes, 0, bytes.length);
            parser.end();
            return "";
        } catch (SseParseException e) {
            return e.getMessage();
        }
    }

    private static Outcome run(byte[] stream, int chunk) {
        List<Object> seen = new ArrayList<>();
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(
                new SseListener() {
                    @Override
                    public void onEvent(SseEvent event) {
                        events.add(event);
                        seen.add(event);
                    }

                    @Override
                    public void onRetry(long millis) {
                        assertThat(millis).isNotNegative();
                        seen.add(millis);
                    }
                },
                MAX_LINE,
                MAX_EVENT,
                "");
        String failure = "";
        try {
            for (int i = 0; i < stream.length; i += chunk) {
                parser.feed(stream, i, Math.min(chunk, stream.length - i));
            }
            parser.end();
        } catch (SseParseException e) {
            failure = e.getMessage();
        }
        return new Outcome(seen, events, failure, parser.lastEventId());
    }

    private record Outcome(List<Object> seen, List<SseEvent> events, String failure, String lastEventId) {}
}
