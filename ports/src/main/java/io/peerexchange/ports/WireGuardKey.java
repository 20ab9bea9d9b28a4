package io.peerexchange.ports;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/** A WireGuard public key: 32 bytes, base64 in and out (hex for the userspace API). */
public final class WireGuardKey implements Comparable<WireGuardKey> {
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

    /**
     * Mixes all 32 bytes. {@code Arrays.hashCode} lets keys that differ in their last bytes collide
     * by the thousand (31·b30 + b31 repeats), which turns a 10,000-peer map into long bucket chains.
     */
    @Override
    public int hashCode() {
        long h = 0;
        for (int i = 0; i < bytes.length; i += 8) {
            long word = 0;
            for (int j = 0; j < 8; j++) {
                word = (word << 8) | (bytes[i + j] & 0xff);
            }
            h = (h ^ word) * 0x9E3779B97F4A7C15L;
        }
        return (int) (h ^ (h >>> 32));
    }

    /** Unsigned lexicographic order; it also keeps hash maps logarithmic if hashes ever collide. */
    @Override
    public int compareTo(WireGuardKey other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    /** Public keys are not secret; the base64 form is what operators see in {@code wg show}. */
    @Override
    public String toString() {
        return toBase64();
    }
}
