package io.peerexchange.devtools.controlplane;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The events addressed to one node: its open streams and a bounded buffer of recent events for
 * {@code Last-Event-ID} replay. Ids come from a counter shared by all channels and are taken under
 * this channel's lock, so each stream sees increasing ids.
 */
final class EventChannel {
    private final int capacity;
    private final AtomicLong ids;
    private final Deque<StoredEvent> buffer = new ArrayDeque<>();
    private final List<SseStream> streams = new ArrayList<>();

    EventChannel(int capacity, AtomicLong ids) {
        if (capacity < 1) {
            throw new IllegalArgumentException("event buffer must hold at least one event");
        }
        this.capacity = capacity;
        this.ids = ids;
    }

    /** Builds the event with the next id, buffers it and writes it to every open stream. */
    synchronized StoredEvent publish(LongFunction<StoredEvent> build) {
        StoredEvent event = build.apply(ids.incrementAndGet());
        buffer.addLast(event);
        while (buffer.size() > capacity) {
            buffer.removeFirst();
        }
        writeAll(event.frame());
        return event;
    }

    /**
     * Replays what the stream missed (every buffered event after {@code lastEventId}) and then
     * keeps it for future events. Without a last id nothing is replayed: a fresh client loads state.
     */
    synchronized void attach(SseStream stream, OptionalLong lastEventId) {
        if (lastEventId.isPresent()) {
            for (StoredEvent event : buffer) {
                if (event.id() > lastEventId.getAsLong() && !stream.write(event.frame())) {
                    return;
                }
            }
        }
        streams.add(stream);
    }

    synchronized void keepAlive() {
        writeAll(": keep-alive\n\n");
    }

    synchronized int openStreams() {
        return streams.size();
    }

    synchronized void closeAll() {
        streams.forEach(SseStream::close);
        streams.clear();
    }

    private void writeAll(String text) {
        streams.removeIf(stream -> !stream.write(text));
    }
}
