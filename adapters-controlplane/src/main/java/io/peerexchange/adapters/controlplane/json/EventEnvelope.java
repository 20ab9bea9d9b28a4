package io.peerexchange.adapters.controlplane.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One control-plane event as carried in an SSE {@code data} field. {@link #toString()} leaves the
 * payload out: a peer payload may carry a preshared key.
 *
 * @param payload the {@code payload} object as received (a missing payload is JSON null)
 */
public record EventEnvelope(
        String eventType,
        String eventId,
        Optional<String> issuedAt,
        Optional<String> nonce,
        JsonNode payload,
        Optional<String> signature) {

    public EventEnvelope {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(signature, "signature");
    }

    /** The bytes the signature covers (SPEC §4): compact JSON of the five signed fields, in order. */
    public byte[] canonicalBytes() {
        return WireJson.canonicalBytes(this);
    }

    @Override
    public String toString() {
        return "EventEnvelope[eventType=" + eventType + ", eventId=" + eventId + ", issuedAt=" + issuedAt.orElse("")
                + ", signed=" + signature.isPresent() + "]";
    }
}
