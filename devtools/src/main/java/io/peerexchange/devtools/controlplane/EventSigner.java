package io.peerexchange.devtools.controlplane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Signs event envelopes with Ed25519 (docs/PROTOCOL.md#signing) over the bytes a Go control plane
 * signs: {@code json.Marshal} of {@code {"event_type","event_id","issued_at","nonce","payload"}}
 * with {@code issued_at} a {@code time.Time} and {@code payload} a {@code json.RawMessage}
 * ({@link #canonicalBytes}). The key is a 32-byte seed; the public key the agents need
 * ({@code --signing-key}) is derived from it and printed as base64 of the 32 raw bytes.
 * {@link #toString()} shows only the public key.
 */
public final class EventSigner {
    /** Lengths of the DER headers (RFC 8410) in front of the 32 key bytes. */
    private static final int SPKI_PREFIX_LENGTH = 12;

    private static final int PKCS8_PREFIX_LENGTH = 16;

    private final PrivateKey privateKey;
    private final String publicKeyBase64;

    private EventSigner(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("signing key seed must be 32 bytes");
        }
        KeyPair pair = derive(seed);
        this.privateKey = pair.getPrivate();
        byte[] spki = pair.getPublic().getEncoded();
        this.publicKeyBase64 =
                Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, SPKI_PREFIX_LENGTH, spki.length));
    }

    /** A signer for a 32-byte seed (RFC 8032's private key); the array is not kept. */
    public static EventSigner fromSeed(byte[] seed) {
        return new EventSigner(seed.clone());
    }

    /** A signer with a fresh random key. */
    public static EventSigner generate() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return new EventSigner(seed);
    }

    /**
     * Reads a key file: base64 of the 32-byte seed, or a PEM/base64 PKCS#8 Ed25519 private key.
     * Errors never echo the file's content.
     *
     * @throws IllegalArgumentException when the file cannot be read or holds no Ed25519 key
     */
    public static EventSigner load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read signing key file " + file + ": " + e.getMessage());
        }
        String body = text.replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signing key file " + file + " is not base64 or PEM");
        }
        if (der.length == 32) {
            return new EventSigner(der);
        }
        if (der.length == PKCS8_PREFIX_LENGTH + 32) {
            return new EventSigner(Arrays.copyOfRange(der, PKCS8_PREFIX_LENGTH, der.length));
        }
        throw new IllegalArgumentException("signing key file " + file
                + " holds no Ed25519 key (expected base64 of a 32-byte seed or a PKCS#8 key)");
    }

    /** Writes the seed as base64, readable only by the owner. */
    public void writeSeed(Path file) throws IOException {
        byte[] pkcs8 = privateKey.getEncoded();
        String seed = Base64.getEncoder().encodeToString(Arrays.copyOfRange(pkcs8, PKCS8_PREFIX_LENGTH, pkcs8.length));
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, seed + "\n", StandardCharsets.US_ASCII);
    }

    /** The public key as base64 of its 32 raw bytes. */
    public String publicKeyBase64() {
        return publicKeyBase64;
    }

    /** Base64 of the Ed25519 signature over {@code message}. */
    public String sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(message);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /**
     * The signed bytes: Go's {@code json.Marshal} of the five fields in this order. The strings are
     * escaped as Go escapes them, {@code issuedAt} is written as Go writes a {@code time.Time}, and
     * {@code payloadJson} is compacted as Go compacts a {@code json.RawMessage} (spelling kept).
     *
     * @throws IllegalArgumentException when {@code payloadJson} is not one JSON value
     */
    public static byte[] canonicalBytes(
            String eventType, String eventId, OffsetDateTime issuedAt, String nonce, byte[] payloadJson) {
        String head = "{\"event_type\":" + GoJson.string(eventType) + ",\"event_id\":" + GoJson.string(eventId)
                + ",\"issued_at\":\"" + GoTime.format(issuedAt) + "\",\"nonce\":" + GoJson.string(nonce)
                + ",\"payload\":";
        byte[] start = head.getBytes(StandardCharsets.UTF_8);
        byte[] payload = GoJson.compact(payloadJson);
        byte[] canonical = Arrays.copyOf(start, start.length + payload.length + 1);
        System.arraycopy(payload, 0, canonical, start.length, payload.length);
        canonical[canonical.length - 1] = '}';
        return canonical;
    }

    /** Base64 of the signature over {@link #canonicalBytes} of these fields. */
    public String signEvent(
            String eventType, String eventId, OffsetDateTime issuedAt, String nonce, byte[] payloadJson) {
        return sign(canonicalBytes(eventType, eventId, issuedAt, nonce, payloadJson));
    }

    /**
     * The envelope to send: exactly the signed bytes with {@code "signature"} appended as the sixth
     * member, so the payload on the wire is the payload that was signed.
     */
    public String signedEnvelope(
            String eventType, String eventId, OffsetDateTime issuedAt, String nonce, byte[] payloadJson) {
        byte[] canonical = canonicalBytes(eventType, eventId, issuedAt, nonce, payloadJson);
        return Envelope.wire(canonical, Optional.of(sign(canonical)));
    }

    private static KeyPair derive(byte[] seed) {
        // The JDK offers no "public key from private key" for EdDSA; its generator takes the private
        // key straight from the random source, so a source that yields the seed derives the pair.
        SecureRandom fixed = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        };
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, fixed);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    @Override
    public String toString() {
        return "EventSigner[publicKey=" + publicKeyBase64 + "]";
    }
}
