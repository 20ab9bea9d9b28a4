package io.peerexchange.adapters.controlplane.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Incremental {@code text/event-stream} parser (WHATWG HTML, "Parsing an event stream"). Lines
 * end in CR, LF or CRLF, also when a CRLF is split between two reads; a UTF-8 character split
 * between reads is fine because lines are cut on bytes and decoded whole. One parser serves every
 * connection to the same source ({@link #reconnect()} between them), so it owns the last event id a
 * new connection resumes from. Not thread-safe: one thread feeds it; only {@link #lastEventId()}
 * may be read from another.
 */
public final class SseParser {
    /** Default cap for one line, in bytes. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;
    /** Default cap for the data of one event, in bytes. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 4 << 20;
    /** The smallest cap accepted for a line or an event. */
    public static final int MIN_LIMIT_BYTES = 16;

    private static final int INITIAL_BUFFER_BYTES = 256;
    /** A buffer grown past this by one long line or event is given back once it is done with. */
    private static final int KEEP_BUFFER_BYTES = 64 * 1024;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RETRY = "retry".getBytes(StandardCharsets.US_ASCII);

    private final SseListener listener;
    private final int maxLineBytes;
    private final int maxEventBytes;

    private byte[] line = new byte[INITIAL_BUFFER_BYTES];
    private int lineLength;
    private byte[] data = new byte[INITIAL_BUFFER_BYTES];
    private int dataLength;
    private boolean hasData;
    private String eventType = "";
    private String lastEventIdBuffer;
    /** Volatile: the stream reports it while its reader feeds the parser. */
    private volatile String lastEventId;
    /** Bytes of the stream start still compared against the BOM; -1 once decided. */
    private int bomMatched;

    private boolean skipNextLf;
    private boolean failed;

    public SseParser(SseListener listener) {
        this(listener, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_EVENT_BYTES, "");
    }

    /**
     * @param lastEventId the id carried over from an earlier connection of the same source
     */
    public SseParser(SseListener listener, int maxLineBytes, int maxEventBytes, String lastEventId) {
        this.listener = Objects.requireNonNull(listener, "listener");
        if (maxLineBytes < MIN_LIMIT_BYTES || maxEventBytes < MIN_LIMIT_BYTES) {
            throw new IllegalArgumentException("SSE limits must be at least " + MIN_LIMIT_BYTES + " bytes");
        }
        this.maxLineBytes = maxLineBytes;
        this.maxEventBytes = maxEventBytes;
        this.lastEventId = Objects.requireNonNull(lastEventId, "lastEventId");
        this.lastEventIdBuffer = lastEventId;
    }

    /** The last event id string: set when an event block ends, kept across events and connections. */
    public String lastEventId() {
        return lastEventId;
    }

    /**
     * Parses the next bytes of the stream; complete events reach the listener before this returns.
     *
     * @throws SseParseException when a line or an event exceeds its cap; the parser is then unusable
     */
    public void feed(byte[] buffer, int offset, int length) throws SseParseException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (failed) {
            throw new SseParseException("SSE parser already failed");
        }
        int i = offset;
        int end = offset + length;
        if (bomMatched >= 0) {
            i = skipBom(buffer, i, end);
            if (i == end) {
                return;
            }
        }
        if (skipNextLf && i < end) {
            skipNextLf = false;
            if (buffer[i] == LF) {
                i++;
            }
        }
        while (i < end) {
            int lineEnd = indexOfLineEnd(buffer, i, end);
            if (lineEnd < 0) {
                append(buffer, i, end - i);
                return;
            }
            byte terminator = buffer[lineEnd];
            if (lineLength == 0) {
                processLine(buffer, i, lineEnd - i);
            } else {
                append(buffer, i, lineEnd - i);
                processLine(line, 0, lineLength);
                lineLength = 0;
            }
            i = lineEnd + 1;
            if (terminator == CR) {
                if (i == end) {
                    skipNextLf = true;
                } else if (buffer[i] == LF) {
                    i++;
                }
            }
        }
    }

    /**
     * A new connection to the same source begins: whatever the last one left half-read (a line, an
     * event, a split CRLF, a partial BOM) and a broken limit are forgotten; the last event id is kept,
     * and an id field that was not yet dispatched is not.
     */
    public void reconnect() {
        lineLength = 0;
        if (line.length > KEEP_BUFFER_BYTES) {
            line = new byte[INITIAL_BUFFER_BYTES];
        }
        resetEvent();
        lastEventIdBuffer = lastEventId;
        bomMatched = 0;
        skipNextLf = false;
        failed = false;
    }

    /** The stream ended: an event without its closing blank line is discarded, as the rules say. */
    public void end() {
        lineLength = 0;
        resetEvent();
    }

    private int skipBom(byte[] buffer, int i, int end) {
        while (i < end && bomMatched >= 0) {
            if (buffer[i] == BOM[bomMatched]) {
                bomMatched++;
                i++;
                if (bomMatched == BOM.length) {
                    bomMatched = -1;
                }
            } else {
                // Not a BOM after all: the bytes matched so far are content.
                int matched = bomMatched;
                bomMatched = -1;
                if (matched > 0) {
                    appendPrefix(matched);
                }
            }
        }
        return i;
    }

    private void appendPrefix(int matched) {
        // A partial BOM is not valid UTF-8 on its own; it becomes U+FFFD when the line is decoded.
        try {
            append(BOM, 0, matched);
        } catch (SseParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOfLineEnd(byte[] buffer, int from, int end) {
        for (int i = from; i < end; i++) {
            byte b = buffer[i];
            if (b == LF || b == CR) {
                return i;
            }
        }
        return -1;
    }

    private void append(byte[] source, int offset, int length) throws SseParseException {
        int needed = lineLength + length;
        if (needed > maxLineBytes) {
            failed = true;
            throw new SseParseException("SSE line longer than " + maxLineBytes + " bytes");
        }
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(needed, line.length * 2)));
        }
        System.arraycopy(source, offset, line, lineLength, length);
        lineLength = needed;
    }

    private void processLine(byte[] buffer, int offset, int length) throws SseParseException {
        if (length > maxLineBytes) {
            failed = true;
            throw new SseParseException("SSE line longer than " + maxLineBytes + " bytes");
        }
        if (length == 0) {
            dispatch();
            return;
        }
        if (buffer[offset] == ':') {
            listener.onComment();
            return;
        }
        int colon = -1;
        for (int i = offset; i < offset + length; i++) {
            if (buffer[i] == ':') {
                colon = i;
                break;
            }
        }
        int fieldEnd;
        int valueStart;
        if (colon < 0) {
            fieldEnd = offset + length;
            valueStart = offset + length;
        } else {
            fieldEnd = colon;
            valueStart = colon + 1;
            if (valueStart < offset + length && buffer[valueStart] == ' ') {
                valueStart++;
            }
        }
        int valueLength = offset + length - valueStart;
        int fieldLength = fieldEnd - offset;
        if (equals(buffer, offset, fieldLength, DATA)) {
            appendData(buffer, valueStart, valueLength);
        } else if (equals(buffer, offset, fieldLength, EVENT)) {
            eventType = decode(buffer, valueStart, valueLength);
        } else if (equals(buffer, offset, fieldLength, ID)) {
            if (!contains(buffer, valueStart, valueLength, (byte) 0)) {
                lastEventIdBuffer = decode(buffer, valueStart, valueLength);
            }
        } else if (equals(buffer, offset, fieldLength, RETRY)) {
            retry(buffer, valueStart, valueLength);
        }
        // Any other field name is ignored.
    }

    private void appendData(byte[] buffer, int offset, int length) throws SseParseException {
        int needed = dataLength + length + 1;
        if (needed > maxEventBytes) {
            failed = true;
            throw new SseParseException("SSE event data longer than " + maxEventBytes + " bytes");
        }
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.min(maxEventBytes, Math.max(needed, data.length * 2)));
        }
        System.arraycopy(buffer, offset, data, dataLength, length);
        data[dataLength + length] = LF;
        dataLength = needed;
        hasData = true;
    }

    private void retry(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return;
        }
        long millis = 0;
        for (int i = offset; i < offset + length; i++) {
            byte b = buffer[i];
            if (b < '0' || b > '9') {
                return;
            }
            // Saturate instead of overflowing: a huge value still means "wait long".
            millis = millis > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : millis * 10 + (b - '0');
        }
        listener.onRetry(millis);
    }

    private void dispatch() {
        lastEventId = lastEventIdBuffer;
        if (!hasData) {
            resetEvent();
            return;
        }
        // The data buffer always ends with the LF appended after the last data line; drop it.
        String text = decode(data, 0, dataLength - 1);
        String type = eventType.isEmpty() ? "message" : eventType;
        resetEvent();
        listener.onEvent(new SseEvent(type, text, lastEventId));
    }

    private void resetEvent() {
        dataLength = 0;
        hasData = false;
        eventType = "";
        if (data.length > KEEP_BUFFER_BYTES) {
            data = new byte[INITIAL_BUFFER_BYTES];
        }
    }

    private static String decode(byte[] buffer, int offset, int length) {
        return length == 0 ? "" : new String(buffer, offset, length, StandardCharsets.UTF_8);
    }

    private static boolean equals(byte[] buffer, int offset, int length, byte[] name) {
        if (length != name.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buffer[offset + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] buffer, int offset, int length, byte value) {
        for (int i = offset; i < offset + length; i++) {
            if (buffer[i] == value) {
                return true;
            }
        }
        return false;
    }
}
