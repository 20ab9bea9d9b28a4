package io.peerexchange.adapters.controlplane.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerexchange.adapters.controlplane.gojson.GoJson;
import io.peerexchange.ports.Peer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/** Builds event envelopes as the control plane sends them, signed with a key generated for the test. */
public final class SignedEvents {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final KeyPair keys;

    public SignedEvents() {
        try {
            keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as base64 of its 32 raw bytes (the last 32 bytes of the X.509 encoding). */
    public String rawPublicKeyBase64() {
        byte[] spki = keys.getPublic().getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    public String spkiPublicKeyBase64() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    public static ObjectNode peerJson(Peer peer) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", peer.id().value());
        node.put("public_key", peer.publicKey().toBase64());
        node.put("mesh_ip", peer.meshIp().orElse(""));
        node.put("endpoint", peer.endpoint().map(Object::toString).orElse(""));
        node.putArray("allowed_ips")
                .addAll(peer.allowedIps().stream()
                        .map(JSON.getNodeFactory()::textNode)
                        .toList());
        peer.presharedKey().ifPresent(psk -> node.put("psk", psk.toBase64()));
        return node;
    }

    /** An unsigned envelope. */
    public static String envelope(String type, String id, ObjectNode payload) {
        ObjectNode node = JSON.createObjectNode();
        node.put("event_type", type);
        node.put("event_id", id);
        node.set("payload", payload);
        return node.toString();
    }

    public String signed(String type, String id, ObjectNode payload, Instant issuedAt, String nonce) {
        ObjectNode signedPart = JSON.createObjectNode();
        signedPart.put("event_type", type);
        signedPart.put("event_id", id);
        signedPart.put("issued_at", issuedAt.toString());
        signedPart.put("nonce", nonce);
        signedPart.set("payload", payload);
        ObjectNode envelope = signedPart.deepCopy();
        // What a Go control plane signs: its json.Marshal of these fields (issued_at re-marshalled, payload compacted).
        envelope.put(
                "signature", sign(GoJson.signedEventBytes(type, id, issuedAt.toString(), nonce, payload.toString())));
        return envelope.toString();
    }

    public String signed(String type, String id, ObjectNode payload, Instant issuedAt) {
        return signed(type, id, payload, issuedAt, UUID.randomUUID().toString());
    }

    public String sign(byte[] bytes) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keys.getPrivate());
            signer.update(bytes);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One SSE event block carrying the envelope; a line break in it starts another {@code data:} line. */
    public static String sse(String id, String envelopeJson) {
        return "id: " + id + "\nevent: " + "message" + "\ndata: " + envelopeJson.replace("\n", "\ndata: ") + "\n\n";
    }
}
