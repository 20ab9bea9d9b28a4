package io.peerexchange.adapters.controlplane.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerexchange.adapters.controlplane.gojson.GoJson;
import java.util.Objects;
import java.util.Optional;

/**
 * One control-plane event as carried in an SSE {@code data} field. {@link #toString()} leaves the
 * payload out: a peer payload may carry a preshared key.
 *
 * @param payload the {@code payload} object as received (a missing payload is JSON null)
 * @param rawPayload the {@code payload} value's text exactly as received ({@code null} when missing):
 *     the signature covers these bytes, never a re-serialisation of {@code payload}
 */
public record EventEnvelope(
        String eventType,
        String eventId,
        Optional<String> issuedAt,
        Optional<String> nonce,
        JsonNode payload,
        String rawPayload,
        Optional<String> signature) {

    public EventEnvelope {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(rawPayload, "rawPayload");
        Objects.requireNonNull(signature, "signature");
    }

    /**
     * The bytes the signature covers (docs/PROTOCOL.md#signing): what a Go signer's {@code json.Marshal}
     * writes for the five signed fields, with the payload's received bytes compacted.
     *
     * @throws IllegalArgumentException when {@code issued_at} or {@code nonce} is missing or {@code
     *     issued_at} is not an RFC 3339 time (the verifier has refused such events before asking)
     */
    public byte[] canonicalBytes() {
        return GoJson.signedEventBytes(
                eventType,
                eventId,
                issuedAt.orElseThrow(() -> new IllegalArgumentException("no issued_at")),
                nonce.orElseThrow(() -> new IllegalArgumentException("no nonce")),
                rawPayload);
    }

    @Override
    public String toString() {
        return "EventEnvelope[eventType=" + eventType + ", eventId=" + eventId + ", issuedAt=" + issuedAt.orElse("")
                + ", signed=" + signature.isPresent() + "]";
    }
}
