package io.peerexchange.adapters.controlplane.sse;

import java.util.Objects;

/**
 * One dispatched event.
 *
 * @param type        the {@code event} field, {@code message} when none or empty
 * @param data        the {@code data} lines joined with LF, without the final LF
 * @param lastEventId the last event id in force when the event was dispatched ("" when none)
 */
public record SseEvent(String type, String data, String lastEventId) {
    public SseEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(lastEventId, "lastEventId");
    }
}
