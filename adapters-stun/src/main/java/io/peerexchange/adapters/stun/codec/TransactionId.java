package io.peerexchange.adapters.stun.codec;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** The 96-bit STUN transaction id; random ids are what make off-path spoofing of answers hard. */
public final class TransactionId {
    public static final int LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private TransactionId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static TransactionId random() {
        byte[] bytes = new byte[LENGTH];
        RANDOM.nextBytes(bytes);
        return new TransactionId(bytes);
    }

    public static TransactionId of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a STUN transaction id has 12 bytes, not " + bytes.length);
        }
        return new TransactionId(bytes.clone());
    }

    static TransactionId read(byte[] data, int offset) {
        return new TransactionId(Arrays.copyOfRange(data, offset, offset + LENGTH));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    void writeTo(byte[] out, int offset) {
        System.arraycopy(bytes, 0, out, offset, LENGTH);
    }

    byte byteAt(int index) {
        return bytes[index];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TransactionId t && Arrays.equals(bytes, t.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
