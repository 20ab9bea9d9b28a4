package io.peerexchange.ports;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/** A WireGuard public key: 32 bytes, base64 in and out (hex for the userspace API). */
public final class WireGuardKey {
    private final byte[] bytes;

    private WireGuardKey(byte[] bytes) {
        this.bytes = bytes;
    }

    public static WireGuardKey of(byte[] bytes) {
        return new WireGuardKey(KeyBytes.checkLength(bytes, "WireGuard public key"));
    }

    public static WireGuardKey fromBase64(String text) {
        return new WireGuardKey(KeyBytes.fromBase64(text, "WireGuard public key"));
    }

    public static WireGuardKey fromHex(String text) {
        return new WireGuardKey(KeyBytes.fromHex(text, "WireGuard public key"));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Lowercase hex, as the userspace API wants it. */
    public String toHex() {
        return KeyBytes.toHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireGuardKey other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Public keys are not secret; the base64 form is what operators see in {@code wg show}. */
    @Override
    public String toString() {
        return toBase64();
    }
}
