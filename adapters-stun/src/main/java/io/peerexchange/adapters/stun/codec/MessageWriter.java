package io.peerexchange.adapters.stun.codec;

import static io.peerexchange.adapters.stun.codec.StunCodec.ATTR_ERROR_CODE;
import static io.peerexchange.adapters.stun.codec.StunCodec.ATTR_FINGERPRINT;
import static io.peerexchange.adapters.stun.codec.StunCodec.ATTR_MESSAGE_INTEGRITY;
import static io.peerexchange.adapters.stun.codec.StunCodec.FAMILY_IPV4;
import static io.peerexchange.adapters.stun.codec.StunCodec.FAMILY_IPV6;
import static io.peerexchange.adapters.stun.codec.StunCodec.FINGERPRINT_LENGTH;
import static io.peerexchange.adapters.stun.codec.StunCodec.HEADER_LENGTH;
import static io.peerexchange.adapters.stun.codec.StunCodec.INTEGRITY_LENGTH;
import static io.peerexchange.adapters.stun.codec.StunCodec.MAGIC_COOKIE;
import static io.peerexchange.adapters.stun.codec.StunCodec.padded;
import static io.peerexchange.adapters.stun.codec.StunCodec.putU16;
import static io.peerexchange.adapters.stun.codec.StunCodec.putU32;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one STUN message for every encoder of this package: the header, attributes each padded
 * with zeros to 4 bytes, then MESSAGE-INTEGRITY and FINGERPRINT with the length field each of them
 * must cover when it is computed (RFC 8489 §14.5, §14.7).
 */
final class MessageWriter {
    /** Room for any check or Binding message; a TURN message with DATA grows the buffer once. */
    private static final int INITIAL_CAPACITY = 256;

    private byte[] out = new byte[INITIAL_CAPACITY];
    private int pos = HEADER_LENGTH;

    MessageWriter(int type, TransactionId id) {
        putU16(out, 0, type);
        putU32(out, 4, MAGIC_COOKIE);
        id.writeTo(out, 8);
    }

    void bytes(int type, byte[] value) {
        System.arraycopy(value, 0, out, attribute(type, value.length), value.length);
    }

    void bytes(int type, ByteBuffer value) {
        int length = value.remaining();
        value.duplicate().get(out, attribute(type, length), length);
    }

    void text(int type, String value) {
        bytes(type, value.getBytes(StandardCharsets.UTF_8));
    }

    void u32(int type, int value) {
        putU32(out, attribute(type, 4), value);
    }

    void u64(int type, long value) {
        int at = attribute(type, 8);
        putU32(out, at, (int) (value >>> 32));
        putU32(out, at + 4, (int) value);
    }

    void empty(int type) {
        attribute(type, 0);
    }

    void xorAddress(int type, InetSocketAddress address, TransactionId id) {
        byte[] raw = address.getAddress().getAddress();
        int at = attribute(type, 4 + raw.length);
        out[at + 1] = (byte) (raw.length == 4 ? FAMILY_IPV4 : FAMILY_IPV6);
        putU16(out, at + 2, address.getPort() ^ (MAGIC_COOKIE >>> 16));
        StunCodec.xorAddress(raw, id);
        System.arraycopy(raw, 0, out, at + 4, raw.length);
    }

    void errorCode(StunErrorCode error) {
        byte[] reason = error.reason().getBytes(StandardCharsets.UTF_8);
        int at = attribute(ATTR_ERROR_CODE, 4 + reason.length);
        out[at + 2] = (byte) (error.code() / 100);
        out[at + 3] = (byte) (error.code() % 100);
        System.arraycopy(reason, 0, out, at + 4, reason.length);
    }

    /** The message, signed under {@code key} unless it is null, then with FINGERPRINT if asked for. */
    byte[] finish(IntegrityKey key, boolean fingerprint) {
        if (key != null) {
            // The length field covers MESSAGE-INTEGRITY when the HMAC is computed...
            putU16(out, 2, pos + INTEGRITY_LENGTH - HEADER_LENGTH);
            bytes(ATTR_MESSAGE_INTEGRITY, key.mac(out, 0, pos));
        }
        if (fingerprint) {
            // ...and FINGERPRINT too when the CRC is.
            putU16(out, 2, pos + FINGERPRINT_LENGTH - HEADER_LENGTH);
            int crc = StunCodec.fingerprint(out, 0, pos);
            u32(ATTR_FINGERPRINT, crc);
        }
        putU16(out, 2, pos - HEADER_LENGTH);
        return Arrays.copyOf(out, pos);
    }

    /** Writes an attribute's header and returns where its value goes; the padding after it stays zero. */
    private int attribute(int type, int length) {
        int size = 4 + padded(length);
        if (out.length - pos < size) {
            out = Arrays.copyOf(out, Math.max(2 * out.length, pos + size));
        }
        putU16(out, pos, type);
        putU16(out, pos + 2, length);
        int value = pos + 4;
        pos += size;
        return value;
    }
}
