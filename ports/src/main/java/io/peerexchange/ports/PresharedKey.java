package io.peerexchange.ports;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/** A WireGuard preshared key. A secret: {@link #toString()} never shows it. */
public final class PresharedKey {
    private final byte[] bytes;

    private PresharedKey(byte[] bytes) {
        this.bytes = bytes;
    }

    public static PresharedKey of(byte[] bytes) {
        return new PresharedKey(KeyBytes.checkLength(bytes, "preshared key"));
    }

    public static PresharedKey fromBase64(String text) {
        return new PresharedKey(KeyBytes.fromBase64(text, "preshared key"));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PresharedKey other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "PresharedKey[redacted]";
    }
}
