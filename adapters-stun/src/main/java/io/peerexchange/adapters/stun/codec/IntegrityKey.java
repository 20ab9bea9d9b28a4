package io.peerexchange.adapters.stun.codec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of a MESSAGE-INTEGRITY attribute (RFC 8489 §9): the password itself for short-term
 * credentials (ICE checks), MD5 of {@code username:realm:password} for long-term ones (TURN). Both
 * sign the same way, so the codec takes either. {@link #toString()} never shows the key.
 */
public final class IntegrityKey {
    /** HMAC-SHA1 output, the length of MESSAGE-INTEGRITY's value. */
    public static final int MAC_LENGTH = 20;

    private final byte[] key;

    private IntegrityKey(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("an integrity key must not be empty");
        }
        this.key = key;
    }

    /** A short-term key: the password's bytes (ICE passwords are ASCII, so OpaqueString leaves them alone). */
    public static IntegrityKey shortTerm(byte[] password) {
        return new IntegrityKey(Objects.requireNonNull(password, "password").clone());
    }

    /**
     * A long-term key: MD5 of {@code username:realm:password}, each already processed as RFC 8489
     * §9.2.2 asks (the caller's job: OpaqueString needs Unicode tables a codec has no use for).
     */
    public static IntegrityKey longTerm(String username, String realm, String password) {
        try {
            return new IntegrityKey(MessageDigest.getInstance("MD5")
                    .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }

    /** HMAC-SHA1 of {@code length} bytes at {@code offset}. */
    byte[] mac(byte[] data, int offset, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(data, offset, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "IntegrityKey[<hidden>]";
    }
}
