package io.peerexchange.adapters.controlplane.events;

import io.peerexchange.adapters.controlplane.json.EventEnvelope;
import io.peerexchange.adapters.controlplane.json.SigningKeys;
import io.peerexchange.ports.telemetry.RejectReason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Verifies signed control-plane events (docs/PROTOCOL.md#signing): Ed25519 (JDK provider) over
 * {@link EventEnvelope#canonicalBytes()}, {@code issued_at} within 5 minutes of now, each nonce
 * accepted once while its event could still pass the age check, and a previous key accepted until
 * its transition deadline. Thread-safe.
 */
public final class EventVerifier {
    /** Events older (or further in the future) than this are rejected. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** Beyond this many live nonces new events are refused rather than the replay memory forgetting. */
    static final int MAX_REMEMBERED_NONCES = 100_000;

    static final int MAX_NONCE_LENGTH = 256;

    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410); the 32 key bytes follow. */
    private static final byte[] ED25519_SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };

    /** The keys events are checked with; replaced whole by a rotation. */
    private record Trusted(PublicKey current, PublicKey previous, Instant previousDeadline) {}

    private final AtomicReference<Trusted> trusted;
    private final Clock clock;
    private final int nonceCap;
    private final Map<String, Instant> nonces = new HashMap<>();
    private final PriorityQueue<NonceExpiry> expiries = new PriorityQueue<>();

    private record NonceExpiry(Instant at, String nonce) implements Comparable<NonceExpiry> {
        @Override
        public int compareTo(NonceExpiry other) {
            return at.compareTo(other.at);
        }
    }

    private EventVerifier(
            PublicKey currentKey, PublicKey previousKey, Instant previousKeyDeadline, Clock clock, int nonceCap) {
        this.trusted = new AtomicReference<>(
                new Trusted(Objects.requireNonNull(currentKey, "currentKey"), previousKey, previousKeyDeadline));
        this.clock = Objects.requireNonNull(clock, "clock");
        if (nonceCap < 1) {
            throw new IllegalArgumentException("nonceCap must be positive");
        }
        this.nonceCap = nonceCap;
    }

    /** One signing key, given as base64 raw 32 bytes, base64 X.509 SubjectPublicKeyInfo, or PEM. */
    public static EventVerifier of(String publicKey, Clock clock) {
        return withNonceCap(publicKey, clock, MAX_REMEMBERED_NONCES);
    }

    /** Remembering at most {@code nonceCap} live nonces: tests fill the replay window without 100,000 events. */
    static EventVerifier withNonceCap(String publicKey, Clock clock, int nonceCap) {
        return new EventVerifier(parsePublicKey(publicKey), null, null, clock, nonceCap);
    }

    /** The current key and, until {@code previousKeyDeadline}, the key it replaces. */
    public static EventVerifier withPreviousKey(
            String currentKey, String previousKey, Instant previousKeyDeadline, Clock clock) {
        Objects.requireNonNull(previousKeyDeadline, "previousKeyDeadline");
        return new EventVerifier(
                parsePublicKey(currentKey),
                parsePublicKey(previousKey),
                previousKeyDeadline,
                clock,
                MAX_REMEMBERED_NONCES);
    }

    /**
     * Replaces the keys events are checked with: from a {@code signing_key_rotated} event (which has
     * verified under a key trusted before it) or the node state's {@code signing_keys}. The previous key
     * stays accepted until the transition deadline.
     *
     * @throws IllegalArgumentException when a key is not an Ed25519 public key (nothing changes)
     */
    public void trust(SigningKeys keys) {
        PublicKey current = parsePublicKey(keys.current());
        PublicKey previous = keys.previous().map(EventVerifier::parsePublicKey).orElse(null);
        Instant deadline = previous == null ? null : keys.transitionExpires().orElse(Instant.MIN);
        trusted.set(new Trusted(current, previous, deadline));
    }

    /**
     * Parses an Ed25519 public key. The error never echoes the input.
     *
     * @throws IllegalArgumentException when it is not an Ed25519 public key in a known form
     */
    public static PublicKey parsePublicKey(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("event signing key is empty");
        }
        String trimmed = text.strip();
        byte[] der;
        if (trimmed.startsWith("-----BEGIN PUBLIC KEY-----")) {
            int end = trimmed.indexOf("-----END PUBLIC KEY-----");
            if (end < 0) {
                throw new IllegalArgumentException("event signing key: PEM without END PUBLIC KEY line");
            }
            der = decodeBase64(trimmed.substring("-----BEGIN PUBLIC KEY-----".length(), end)
                    .replaceAll("\\s", ""));
        } else {
            der = decodeBase64(trimmed);
        }
        if (der.length == 32) {
            byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
            System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
            System.arraycopy(der, 0, spki, ED25519_SPKI_PREFIX.length, 32);
            der = spki;
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("event signing key is not an Ed25519 public key "
                    + "(expected base64 of 32 raw bytes, X.509 SubjectPublicKeyInfo, or PEM)");
        }
    }

    /**
     * Accepts the event or says why not. A rejected event leaves the replay memory unchanged.
     *
     * @throws EventRejectedException when a field is missing, the event is stale, the signature does
     *                                not verify with an accepted key, or the nonce was seen
     */
    public void verify(EventEnvelope event) throws EventRejectedException {
        String signatureText = event.signature()
                .filter(s -> !s.isEmpty())
                .orElseThrow(() -> new EventRejectedException(RejectReason.MISSING_FIELD, "event has no signature"));
        String nonce = event.nonce()
                .filter(s -> !s.isEmpty())
                .orElseThrow(() -> new EventRejectedException(RejectReason.MISSING_FIELD, "event has no nonce"));
        if (nonce.length() > MAX_NONCE_LENGTH) {
            throw new EventRejectedException(
                    RejectReason.MALFORMED, "event nonce is longer than " + MAX_NONCE_LENGTH + " characters");
        }
        String issuedAtText = event.issuedAt()
                .filter(s -> !s.isEmpty())
                .orElseThrow(() ->
                        new EventRejectedException(RejectReason.MISSING_FIELD, "event has no issued_at timestamp"));
        Instant issuedAt;
        try {
            issuedAt = OffsetDateTime.parse(issuedAtText, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new EventRejectedException(RejectReason.MALFORMED, "event issued_at is not an RFC 3339 timestamp");
        }
        Instant now = clock.instant();
        if (issuedAt.isBefore(now.minus(MAX_AGE))) {
            throw new EventRejectedException(
                    RejectReason.STALE, "event is stale: issued more than " + MAX_AGE.toMinutes() + " minutes ago");
        }
        if (issuedAt.isAfter(now.plus(MAX_AGE))) {
            throw new EventRejectedException(
                    RejectReason.STALE,
                    "event issued_at is more than " + MAX_AGE.toMinutes() + " minutes in the future");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureText);
        } catch (IllegalArgumentException e) {
            throw new EventRejectedException(RejectReason.MALFORMED, "event signature is not base64");
        }
        if (signature.length != 64) {
            throw new EventRejectedException(RejectReason.MALFORMED, "event signature is not 64 bytes");
        }
        byte[] signed;
        try {
            signed = event.canonicalBytes();
        } catch (IllegalArgumentException e) {
            throw new EventRejectedException(
                    RejectReason.MALFORMED, "event cannot be put in its signed form: " + e.getMessage());
        }
        Trusted keys = trusted.get();
        boolean previousLive = keys.previous() != null && now.isBefore(keys.previousDeadline());
        boolean valid = verifies(keys.current(), signed, signature)
                || (previousLive && verifies(keys.previous(), signed, signature));
        if (!valid) {
            throw new EventRejectedException(
                    RejectReason.SIGNATURE,
                    "event signature does not verify with the configured key"
                            + (keys.previous() != null && !previousLive ? " (the previous key has expired)" : ""));
        }
        remember(nonce, issuedAt.plus(MAX_AGE), now);
    }

    private synchronized void remember(String nonce, Instant expiry, Instant now) throws EventRejectedException {
        while (!expiries.isEmpty() && !expiries.peek().at().isAfter(now)) {
            NonceExpiry old = expiries.poll();
            nonces.remove(old.nonce(), old.at());
        }
        if (nonces.containsKey(nonce)) {
            throw new EventRejectedException(RejectReason.REPLAY, "event nonce was already used (replay)");
        }
        if (nonces.size() >= nonceCap) {
            throw new EventRejectedException(
                    RejectReason.REPLAY_WINDOW_FULL,
                    "too many events in the replay window; refusing until nonces expire");
        }
        nonces.put(nonce, expiry);
        expiries.add(new NonceExpiry(expiry, nonce));
    }

    private static boolean verifies(PublicKey key, byte[] signed, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] decodeBase64(String text) {
        try {
            return Base64.getDecoder().decode(text.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("event signing key is not valid base64");
        }
    }
}
