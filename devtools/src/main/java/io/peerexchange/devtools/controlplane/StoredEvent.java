package io.peerexchange.devtools.controlplane;

import java.util.Objects;

/** One event as framed for SSE, kept so a reconnecting stream can be replayed from its last id. */
record StoredEvent(long id, String eventType, String json) {
    StoredEvent {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(json, "json");
        if (json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("SSE data must be a single line of JSON");
        }
    }

    String frame() {
        return "id: " + id + "\nevent: " + eventType + "\ndata: " + json + "\n\n";
    }
}
