package io.peerexchange.adapters.controlplane.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target for the event-stream parser. The first input byte picks a chunk size; the rest is
 * the stream. Fed whole and fed in chunks, the parser must find the same events, retries and
 * failure (a split CRLF or UTF-8 character changes nothing), and only {@link SseParseException}
 * may escape. Small caps so the fuzzer reaches the limits. Inputs:
 * {@code src/test/resources/io/peerexchange/adapters/controlplane/sse/SseParserFuzzTestInputs/feed/}.
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
