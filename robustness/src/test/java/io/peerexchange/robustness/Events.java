package io.peerexchange.robustness;

import io.peerexchange.devtools.controlplane.EventSigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;

/** SSE blocks carrying {@code peer_endpoint_changed} envelopes, unsigned or signed as docs/PROTOCOL.md#signing says. */
final class Events {
    private Events() {}

    static String unsigned(String eventId, String peerJson) {
        return block(
                eventId,
                "{\"event_type\":\"peer_endpoint_changed\",\"event_id\":\"" + eventId + "\",\"issued_at\":\""
                        + Instant.now() + "\",\"nonce\":\"" + eventId + "\",\"payload\":" + peerJson + "}");
    }

    /**
     * Signed over the bytes a Go control plane signs, exactly as the reference control plane does. (A
     * Jackson copy of the envelope is not those bytes: {@code Instant.toString()} may end the fraction in
     * zeros that Go trims, so about one event in ten failed to verify.)
     */
    static String signed(EventSigner signer, String eventId, Instant issuedAt, String nonce, String peerJson) {
        return block(
                eventId,
                signer.signedEnvelope(
                        "peer_endpoint_changed",
                        eventId,
                        issuedAt.atOffset(ZoneOffset.UTC),
                        nonce,
                        peerJson.getBytes(StandardCharsets.UTF_8)));
    }

    static String block(String eventId, String data) {
        return "id: " + eventId + "\nevent: peer_endpoint_changed\ndata: " + data + "\n\n";
    }
}
