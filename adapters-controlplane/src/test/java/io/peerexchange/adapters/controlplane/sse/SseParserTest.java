package io.peerexchange.adapters.controlplane.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One named test per WHATWG parsing rule listed in docs/PROTOCOL.md#event-stream-parsing, plus the limits. */
class SseParserTest {

    private final List<SseEvent> events = new ArrayList<>();
    private final List<Long> retries = new ArrayList<>();
    private int comments;
    private final SseListener listener = new SseListener() {
        @Override
        public void onEvent(SseEvent event) {
            events.add(event);
        }

        @Override
        public void onRetry(long millis) {
            retries.add(millis);
        }

        @Override
        public void onComment() {
            comments++;
        }
    };
    private SseParser parser = new SseParser(listener);

    private void feed(String text) throws SseParseException {
        feed(text.getBytes(StandardCharsets.UTF_8));
    }

    private void feed(byte[] bytes) throws SseParseException {
        parser.feed(bytes, 0, bytes.length);
    }

    /** Feeds the bytes in pieces of {@code size}, so every boundary position gets exercised. */
    private void feedInPieces(byte[] bytes, int size) throws SseParseException {
        for (int i = 0; i < bytes.length; i += size) {
            parser.feed(bytes, i, Math.min(size, bytes.length - i));
        }
    }

    @Test
    void givenLfLineEnds_feed_dispatchesEvent() throws Exception {
        feed("data: hello\n\n");

        assertThat(events).containsExactly(new SseEvent("message", "hello", ""));
    }

    @Test
    void givenCrLineEnds_feed_dispatchesEvent() throws Exception {
        feed("data: hello\r\r");

        assertThat(events).containsExactly(new SseEvent("message", "hello", ""));
    }

    @Test
    void givenCrLfLineEnds_feed_dispatchesEventOnce() throws Exception {
        feed("data: a\r\n\r\ndata: b\r\n\r\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("a", "b");
    }

    @Test
    void givenMixedLineEnds_feed_treatsEachAsOneLineEnd() throws Exception {
        feed("data: a\rdata: b\ndata: c\r\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("a\nb\nc");
    }

    @Test
    void givenCrLfSplitAcrossReads_feed_countsOneLineEndNotTwo() throws Exception {
        feed("data: a\r");
        feed("\ndata: b\r");
        feed("\n\r");
        feed("\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("a\nb");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7})
    void givenStreamSplitAnywhere_feed_yieldsSameEventsAsWhole(int pieceSize) throws Exception {
        byte[] stream = ("\uFEFFid: 7\r\nevent: peer_endpoint_changed\r\ndata: {\"k\":\"é€😀\"}\r\n\r\n"
                        + ": keep-alive\rdata: x\r\rretry: 1500\n\n")
                .getBytes(StandardCharsets.UTF_8);

        feedInPieces(stream, pieceSize);

        assertThat(events)
                .containsExactly(
                        new SseEvent("peer_endpoint_changed", "{\"k\":\"é€😀\"}", "7"),
                        new SseEvent("message", "x", "7"));
        assertThat(retries).containsExactly(1500L);
    }

    @Test
    void givenUtf8CharacterSplitAcrossReads_feed_decodesIt() throws Exception {
        byte[] bytes = "data: 😀€\n\n".getBytes(StandardCharsets.UTF_8);

        feedInPieces(bytes, 1);

        assertThat(events).extracting(SseEvent::data).containsExactly("😀€");
    }

    @Test
    void givenLeadingBom_feed_removesIt() throws Exception {
        feed("\uFEFFdata: x\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("x");
    }

    @Test
    void givenBomSplitAcrossReads_feed_removesIt() throws Exception {
        byte[] bytes = "\uFEFFdata: x\n\n".getBytes(StandardCharsets.UTF_8);

        feedInPieces(bytes, 1);

        assertThat(events).extracting(SseEvent::data).containsExactly("x");
    }

    @Test
    void givenSecondBom_feed_removesOnlyTheFirst() throws Exception {
        // The second BOM becomes part of the first field name, which is then unknown and ignored.
        feed("\uFEFF\uFEFFdata: x\n\ndata: y\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("y");
    }

    @Test
    void givenBomNotAtStart_feed_keepsItAsContent() throws Exception {
        feed("data: \uFEFFx\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("\uFEFFx");
    }

    @Test
    void givenCommentLines_feed_ignoresThemButReportsKeepAlive() throws Exception {
        feed(": comment\n:\ndata: x\n: another\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("x");
        assertThat(comments).isEqualTo(3);
    }

    @Test
    void givenFieldWithoutColon_feed_usesWholeLineAsNameAndEmptyValue() throws Exception {
        feed("data\ndata\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("\n");
    }

    @Test
    void givenOneLeadingSpace_feed_removesExactlyOne() throws Exception {
        feed("data:  two spaces\ndata:none\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly(" two spaces\nnone");
    }

    @Test
    void givenColonsInValue_feed_splitsOnFirstColonOnly() throws Exception {
        feed("data: a:b: c\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("a:b: c");
    }

    @Test
    void givenUnknownField_feed_ignoresIt() throws Exception {
        feed("foo: bar\nDATA: upper\ndata: x\n\n");

        assertThat(events).containsExactly(new SseEvent("message", "x", ""));
    }

    @Test
    void givenIdContainingNul_feed_ignoresTheId() throws Exception {
        feed("id: 1\ndata: a\n\nid: 2\u00003\ndata: b\n\n");

        assertThat(events).extracting(SseEvent::lastEventId).containsExactly("1", "1");
        assertThat(parser.lastEventId()).isEqualTo("1");
    }

    @Test
    void givenIdOnlyBlock_feed_setsLastIdWithoutDispatching() throws Exception {
        feed("id: 42\n\n");

        assertThat(events).isEmpty();
        assertThat(parser.lastEventId()).isEqualTo("42");
    }

    @Test
    void givenEmptyId_feed_resetsLastId() throws Exception {
        feed("id: 5\ndata: a\n\nid\ndata: b\n\n");

        assertThat(events).extracting(SseEvent::lastEventId).containsExactly("5", "");
        assertThat(parser.lastEventId()).isEmpty();
    }

    @Test
    void givenIdWithoutFollowingEvent_feed_keepsIdForLaterEvents() throws Exception {
        feed("id: 9\ndata: a\n\ndata: b\n\n");

        assertThat(events).extracting(SseEvent::lastEventId).containsExactly("9", "9");
    }

    @Test
    void givenIdCarriedFromEarlierConnection_feed_startsFromIt() throws Exception {
        parser = new SseParser(listener, 4096, 4096, "prev");

        feed("data: a\n\n");

        assertThat(events).extracting(SseEvent::lastEventId).containsExactly("prev");
    }

    @Test
    void givenAConnectionCutMidEvent_reconnect_keepsTheLastIdAndForgetsTheHalfEvent() throws Exception {
        feed("id: 7\ndata: a\n\nid: 8\nevent: half\ndata: cut off\ndata: mid-li");

        parser.reconnect();
        feed("\uFEFFdata: b\n\n");

        assertThat(parser.lastEventId()).isEqualTo("7");
        assertThat(events).containsExactly(new SseEvent("message", "a", "7"), new SseEvent("message", "b", "7"));
    }

    @Test
    void givenABrokenLimit_reconnect_makesTheParserUsableAgain() throws Exception {
        parser = new SseParser(listener, 1024, 8192, "");
        feed("id: 1\ndata: ok\n\n");
        assertThatThrownBy(() -> feed("data: " + "x".repeat(2000))).isInstanceOf(SseParseException.class);

        parser.reconnect();
        feed("data: again\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("ok", "again");
        assertThat(parser.lastEventId()).isEqualTo("1");
    }

    @Test
    void givenRetryDigits_feed_reportsReconnectionTime() throws Exception {
        feed("retry: 2500\n\n");

        assertThat(retries).containsExactly(2500L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"retry: 25x\n", "retry: -5\n", "retry: 1.5\n", "retry:\n", "retry: \n", "retry:  10\n"})
    void givenRetryNotOnlyDigits_feed_ignoresIt(String line) throws Exception {
        feed(line + "\n");

        assertThat(retries).isEmpty();
    }

    @Test
    void givenHugeRetry_feed_saturatesInsteadOfOverflowing() throws Exception {
        feed("retry: 99999999999999999999999999\n\n");

        assertThat(retries).containsExactly(Long.MAX_VALUE);
    }

    @Test
    void givenEmptyEventType_feed_usesMessage() throws Exception {
        feed("event:\ndata: x\n\n");

        assertThat(events).extracting(SseEvent::type).containsExactly("message");
    }

    @Test
    void givenEventType_feed_appliesToThatEventOnly() throws Exception {
        feed("event: custom\ndata: x\n\ndata: y\n\n");

        assertThat(events).extracting(SseEvent::type).containsExactly("custom", "message");
    }

    @Test
    void givenMultipleDataLines_feed_joinsWithLfAndRemovesTrailingLf() throws Exception {
        feed("data: a\ndata: b\ndata:\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("a\nb\n");
    }

    @Test
    void givenBlockWithoutData_feed_dispatchesNothingAndResetsType() throws Exception {
        feed("event: custom\n\ndata: x\n\n");

        assertThat(events).containsExactly(new SseEvent("message", "x", ""));
    }

    @Test
    void givenHalfEventAtEndOfStream_end_discardsIt() throws Exception {
        feed("data: complete\n\ndata: half\nid: 99\n");

        parser.end();

        assertThat(events).extracting(SseEvent::data).containsExactly("complete");
        assertThat(parser.lastEventId()).isEmpty();
    }

    @Test
    void givenUnterminatedLineAtEndOfStream_end_discardsIt() throws Exception {
        feed("data: x");

        parser.end();

        assertThat(events).isEmpty();
    }

    @Test
    void givenLineLongerThanCap_feed_failsWithClearError() {
        parser = new SseParser(listener, 1024, 8192, "");
        byte[] longLine = ("data: " + "x".repeat(2000) + "\n\n").getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> feed(longLine))
                .isInstanceOf(SseParseException.class)
                .hasMessage("SSE line longer than 1024 bytes");
    }

    @Test
    void givenLineGrowingPastCapAcrossReads_feed_failsBeforeBufferingMore() throws Exception {
        parser = new SseParser(listener, 1024, 8192, "");
        byte[] piece = "x".repeat(600).getBytes(StandardCharsets.US_ASCII);
        feed(piece);

        assertThatThrownBy(() -> feed(piece)).isInstanceOf(SseParseException.class);
        assertThatThrownBy(() -> feed("\n\n")).isInstanceOf(SseParseException.class);
    }

    @Test
    void givenEventDataLargerThanCap_feed_failsWithClearError() {
        parser = new SseParser(listener, 1024, 2048, "");
        String line = "data: " + "y".repeat(900) + "\n";

        assertThatThrownBy(() -> feed(line + line + line + "\n"))
                .isInstanceOf(SseParseException.class)
                .hasMessage("SSE event data longer than 2048 bytes");
    }

    @Test
    void givenInvalidUtf8_feed_replacesItWithReplacementCharacter() throws Exception {
        byte[] bytes = {'d', 'a', 't', 'a', ':', ' ', (byte) 0xC3, 'x', '\n', '\n'};

        feed(bytes);

        assertThat(events).extracting(SseEvent::data).containsExactly("\uFFFDx");
    }

    @Test
    void givenManyEventsInOneRead_feed_dispatchesAllInOrder() throws Exception {
        StringBuilder stream = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            stream.append("id: ").append(i).append("\ndata: ").append(i).append("\n\n");
        }

        feed(stream.toString());

        assertThat(events).hasSize(1000);
        assertThat(events.get(999)).isEqualTo(new SseEvent("message", "999", "999"));
    }
}
