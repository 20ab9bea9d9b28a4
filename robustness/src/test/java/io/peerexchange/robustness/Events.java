package io.peerexchange.robustness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerexchange.devtools.controlplane.EventSigner;
import java.time.Instant;

/** SSE blocks carrying {@code peer_endpoint_changed} envelopes, unsigned or signed as docs/PROTOCOL.md#signing says. */
final class Events {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Events() {}

    static String unsigned(String eventId, String peerJson) {
        return block(
                eventId,
                "{\"event_type\":\"peer_endpoint_changed\",\"event_id\":\"" + eventId + "\",\"issued_at\":\""
                        + Instant.now() + "\",\"nonce\":\"" + eventId + "\",\"payload\":" + peerJson + "}");
    }

    /** Signed over the compact JSON of the five signed fields, in order, exactly as the reference control plane does. */
    static String signed(EventSigner signer, String eventId, Instant issuedAt, String nonce, String peerJson) {
        try {
            ObjectNode envelope = MAPPER.createObjectNode();
            envelope.put("event_type", "peer_endpoint_changed");
            envelope.put("event_id", eventId);
            envelope.put("issued_at", issuedAt.toString());
            envelope.put("nonce", nonce);
            envelope.set("payload", MAPPER.readTree(peerJson));
            envelope.put("signature", signer.sign(MAPPER.writeValueAsBytes(envelope)));
            return block(eventId, MAPPER.writeValueAsString(envelope));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload is not JSON", e);
        }
    }

    static String block(String eventId, String data) {
        return "id: " + eventId + "\nevent: peer_endpoint_changed\ndata: " + data + "\n\n";
    }
}
