package io.peerexchange.ports;

import java.util.Base64;

/** Strict decoding of 32-byte WireGuard keys. Messages never echo the input: it may be a secret. */
final class KeyBytes {
    static final int LENGTH = 32;

    private KeyBytes() {}

    static byte[] fromBase64(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (text.length() != 44 || text.charAt(43) != '=' || text.charAt(42) == '=') {
            throw new IllegalArgumentException(what + " must be 44 characters of standard base64 encoding 32 bytes");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid base64");
        }
        if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
            // Non-canonical trailing bits: another text would name the same key.
            throw new IllegalArgumentException(what + " is not canonical base64");
        }
        return bytes;
    }

    static byte[] fromHex(String text, String what) {
        if (text == null || text.length() != 64) {
            throw new IllegalArgumentException(what + " must be 64 hex characters");
        }
        byte[] bytes = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            int hi = Character.digit(text.charAt(2 * i), 16);
            int lo = Character.digit(text.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException(what + " must be 64 hex characters");
            }
            bytes[i] = (byte) ((hi << 4) | lo);
        }
        return bytes;
    }

    static String toHex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = Character.forDigit((bytes[i] >> 4) & 0xf, 16);
            out[2 * i + 1] = Character.forDigit(bytes[i] & 0xf, 16);
        }
        return new String(out);
    }

    static byte[] checkLength(byte[] bytes, String what) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException(what + " must be exactly 32 bytes");
        }
        return bytes.clone();
    }
}
