package io.peerexchange.adapters.stun.codec;

import static io.peerexchange.adapters.stun.codec.StunCodec.ATTR_FINGERPRINT;
import static io.peerexchange.adapters.stun.codec.StunCodec.HEADER_LENGTH;
import static io.peerexchange.adapters.stun.codec.StunCodec.INTEGRITY_LENGTH;
import static io.peerexchange.adapters.stun.codec.StunCodec.padded;
import static io.peerexchange.adapters.stun.codec.StunCodec.putU16;
import static io.peerexchange.adapters.stun.codec.StunCodec.u16;
import static io.peerexchange.adapters.stun.codec.StunCodec.u32;

import java.util.Arrays;

/**
 * Walks the attributes of a message whose header {@link StunCodec#header} accepted, making the
 * checks every decoder of this package makes before it reads a value: the attribute whole inside
 * the message, nothing after FINGERPRINT, FINGERPRINT matching, and what follows
 * MESSAGE-INTEGRITY (but FINGERPRINT) skipped (RFC 8489 §14.5, §14.7). What an attribute means is
 * left to the decoder.
 */
final class AttributeCursor {
    private final byte[] data;
    private final int offset;
    private final int end;
    private int next;
    private int at;
    private int type;
    private int length;
    private int integrityAt = -1;
    private boolean fingerprint;

    /** The attributes of the {@code length} bytes at {@code offset}. */
    AttributeCursor(byte[] data, int offset, int length) {
        this.data = data;
        this.offset = offset;
        this.end = offset + length;
        this.next = offset + HEADER_LENGTH;
    }

    /**
     * Moves to the next attribute for the decoder to read, checking FINGERPRINT on the way.
     *
     * @return false at the end of the message
     */
    boolean next() throws StunDecodeException {
        while (next < end) {
            if (fingerprint) {
                throw new StunDecodeException("attribute after FINGERPRINT at offset " + (next - offset));
            }
            if (end - next < 4) {
                throw new StunDecodeException("truncated attribute header at offset " + (next - offset));
            }
            at = next;
            type = u16(data, at);
            length = u16(data, at + 2);
            if (padded(length) > end - value()) {
                throw new StunDecodeException(String.format(
                        "attribute 0x%04x at offset %d claims %d bytes, %d left",
                        type, at - offset, length, end - value()));
            }
            next = value() + padded(length);
            if (type == ATTR_FINGERPRINT) {
                requireLength("FINGERPRINT", 4);
                if (u32(data, value()) != StunCodec.fingerprint(data, offset, at - offset)) {
                    throw new StunDecodeException("FINGERPRINT does not match the message");
                }
                fingerprint = true;
            } else if (integrityAt < 0) {
                return true;
            }
        }
        return false;
    }

    int type() {
        return type;
    }

    /** Where the current attribute's value starts in the data. */
    int value() {
        return at + 4;
    }

    int length() {
        return length;
    }

    void requireLength(String name, int expected) throws StunDecodeException {
        if (length != expected) {
            throw new StunDecodeException(name + " has length " + length + " instead of " + expected);
        }
    }

    /** Rejects the current attribute if it is comprehension-required and not among {@code known}. */
    void requireUnderstood(int[] known) throws StunDecodeException {
        if (type >= 0x8000) {
            return;
        }
        for (int k : known) {
            if (k == type) {
                return;
            }
        }
        throw new StunDecodeException(String.format("unknown comprehension-required attribute 0x%04x", type));
    }

    /** The current attribute is MESSAGE-INTEGRITY: the ones after it, but FINGERPRINT, are ignored. */
    void integrity() {
        integrityAt = at;
    }

    boolean hasIntegrity() {
        return integrityAt >= 0;
    }

    boolean hasFingerprint() {
        return fingerprint;
    }

    /** What the HMAC covered: the message up to MESSAGE-INTEGRITY, its length field ending with it. */
    byte[] signed() {
        byte[] signed = Arrays.copyOfRange(data, offset, integrityAt);
        putU16(signed, 2, signed.length + INTEGRITY_LENGTH - HEADER_LENGTH);
        return signed;
    }

    /** The HMAC-SHA1 value of MESSAGE-INTEGRITY. */
    byte[] mac() {
        return Arrays.copyOfRange(data, integrityAt + 4, integrityAt + 4 + IntegrityKey.MAC_LENGTH);
    }
}
