package io.peerexchange.adapters.stun.codec;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Encodes Binding messages and decodes Binding responses (RFC 8489).
 *
 * <p>The decoder trusts nothing: every length is checked against what arrived before it is used,
 * and any malformed input ends in a {@link StunDecodeException} naming the failed check.
 */
public final class StunCodec {
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int HEADER_LENGTH = 20;

    static final int ATTR_MAPPED_ADDRESS = 0x0001;
    static final int ATTR_USERNAME = 0x0006;
    static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    static final int ATTR_ERROR_CODE = 0x0009;
    static final int ATTR_MESSAGE_INTEGRITY_SHA256 = 0x001C;
    static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    /** The pre-standard code of XOR-MAPPED-ADDRESS that some servers still send. */
    static final int ATTR_XOR_MAPPED_ADDRESS_OLD = 0x8020;

    static final int ATTR_SOFTWARE = 0x8022;
    static final int ATTR_FINGERPRINT = 0x8028;
    static final int FINGERPRINT_XOR = 0x5354554E;

    /** MESSAGE-INTEGRITY's attribute with its header, and FINGERPRINT's. */
    static final int INTEGRITY_LENGTH = 4 + IntegrityKey.MAC_LENGTH;

    static final int FINGERPRINT_LENGTH = 8;

    static final int FAMILY_IPV4 = 0x01;
    static final int FAMILY_IPV6 = 0x02;
    private static final int MAX_TEXT_BYTES = 763;

    /**
     * Comprehension-required attributes a Binding response may legitimately carry (RFC 8489,
     * RFC 5780 and the RFC 3489 legacy ones); any other one below 0x8000 makes the response unusable.
     */
    private static final int[] KNOWN_REQUIRED = {
        0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x0014, 0x0015, 0x001C,
        0x001D, 0x001E, 0x0020, 0x0026, 0x0027,
    };

    private StunCodec() {}

    /** The wire form of a message: SOFTWARE, XOR-MAPPED-ADDRESS, ERROR-CODE as present, then FINGERPRINT if asked for. */
    public static byte[] encode(StunMessage message) {
        Objects.requireNonNull(message, "message");
        MessageWriter out = new MessageWriter(message.type().code(), message.transactionId());
        message.software().ifPresent(s -> out.text(ATTR_SOFTWARE, s));
        message.mappedAddress().ifPresent(a -> out.xorAddress(ATTR_XOR_MAPPED_ADDRESS, a, message.transactionId()));
        message.error().ifPresent(out::errorCode);
        return out.finish(null, message.fingerprint());
    }

    /** Decodes a whole datagram that should be a Binding success or error response. */
    public static StunMessage decode(byte[] data) throws StunDecodeException {
        return decode(data, 0, data.length);
    }

    /**
     * Decodes {@code length} bytes at {@code offset} as a Binding success or error response.
     *
     * @throws StunDecodeException when any check of RFC 8489 fails; the message names it
     */
    public static StunMessage decode(byte[] data, int offset, int length) throws StunDecodeException {
        int type = header(data, offset, length);
        StunMessageType messageType = StunMessageType.ofCode(type);
        if (messageType != StunMessageType.BINDING_SUCCESS && messageType != StunMessageType.BINDING_ERROR) {
            throw new StunDecodeException(String.format("not a Binding response: message type 0x%04x", type));
        }
        TransactionId id = TransactionId.read(data, offset + 8);

        InetSocketAddress xorMapped = null;
        InetSocketAddress mapped = null;
        StunErrorCode error = null;
        String software = null;
        AttributeCursor attributes = new AttributeCursor(data, offset, length);
        while (attributes.next()) {
            int value = attributes.value();
            int attrLength = attributes.length();
            switch (attributes.type()) {
                case ATTR_XOR_MAPPED_ADDRESS, ATTR_XOR_MAPPED_ADDRESS_OLD -> {
                    InetSocketAddress address = address(data, value, attrLength, id, "XOR-MAPPED-ADDRESS");
                    xorMapped = xorMapped == null ? address : xorMapped;
                }
                case ATTR_MAPPED_ADDRESS -> {
                    InetSocketAddress address = address(data, value, attrLength, null, "MAPPED-ADDRESS");
                    mapped = mapped == null ? address : mapped;
                }
                case ATTR_ERROR_CODE -> error = error == null ? errorCode(data, value, attrLength) : error;
                case ATTR_SOFTWARE -> software = software == null ? text(data, value, attrLength) : software;
                case ATTR_MESSAGE_INTEGRITY, ATTR_MESSAGE_INTEGRITY_SHA256 -> attributes.integrity();
                default -> attributes.requireUnderstood(KNOWN_REQUIRED);
            }
        }
        boolean fingerprint = attributes.hasFingerprint();

        if (messageType == StunMessageType.BINDING_ERROR) {
            if (error == null) {
                throw new StunDecodeException("error response without ERROR-CODE");
            }
            return new StunMessage(
                    messageType, id, Optional.empty(), Optional.of(error), Optional.ofNullable(software), fingerprint);
        }
        InetSocketAddress result = xorMapped != null ? xorMapped : mapped;
        if (result == null) {
            throw new StunDecodeException("success response without XOR-MAPPED-ADDRESS or MAPPED-ADDRESS");
        }
        return new StunMessage(
                messageType, id, Optional.of(result), Optional.empty(), Optional.ofNullable(software), fingerprint);
    }

    /**
     * Checks the header of {@code length} bytes at {@code offset} (RFC 8489 §5: type bits, cookie,
     * length) and returns the message type.
     */
    static int header(byte[] data, int offset, int length) throws StunDecodeException {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length < HEADER_LENGTH) {
            throw new StunDecodeException("too short for STUN: " + length + " bytes, the header alone has 20");
        }
        int type = u16(data, offset);
        if ((type & 0xC000) != 0) {
            throw new StunDecodeException("not STUN: the first two bits of the message type are not zero");
        }
        int cookie = u32(data, offset + 4);
        if (cookie != MAGIC_COOKIE) {
            throw new StunDecodeException(String.format("not STUN: magic cookie 0x%08x instead of 0x2112a442", cookie));
        }
        int declared = u16(data, offset + 2);
        if (declared % 4 != 0) {
            throw new StunDecodeException("message length " + declared + " is not a multiple of 4");
        }
        if (declared + HEADER_LENGTH != length) {
            throw new StunDecodeException("message length says " + declared + " bytes of attributes but "
                    + (length - HEADER_LENGTH) + " arrived");
        }
        return type;
    }

    /** CRC-32 of {@code length} bytes at {@code offset}, xor 0x5354554e (RFC 8489 §14.7). */
    static int fingerprint(byte[] data, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, offset, length);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    static InetSocketAddress address(byte[] data, int value, int length, TransactionId xorWith, String name)
            throws StunDecodeException {
        if (length < 4) {
            throw new StunDecodeException(name + " has length " + length + ", too short");
        }
        int family = data[value + 1] & 0xff;
        int addressLength;
        if (family == FAMILY_IPV4) {
            addressLength = 4;
        } else if (family == FAMILY_IPV6) {
            addressLength = 16;
        } else {
            throw new StunDecodeException(String.format("%s has unknown address family 0x%02x", name, family));
        }
        if (length != 4 + addressLength) {
            throw new StunDecodeException(name + " of family " + (family == FAMILY_IPV4 ? "IPv4" : "IPv6")
                    + " has length " + length + " instead of " + (4 + addressLength));
        }
        int port = u16(data, value + 2);
        byte[] address = new byte[addressLength];
        System.arraycopy(data, value + 4, address, 0, addressLength);
        if (xorWith != null) {
            port ^= MAGIC_COOKIE >>> 16;
            xorAddress(address, xorWith);
        }
        if (port == 0) {
            throw new StunDecodeException(name + " has port 0");
        }
        InetAddress inet;
        try {
            inet = InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new StunDecodeException(name + " has an address of illegal length");
        }
        if (inet.isAnyLocalAddress() || inet.isMulticastAddress()) {
            throw new StunDecodeException(name + " " + inet.getHostAddress() + " is not a unicast address");
        }
        return new InetSocketAddress(inet, port);
    }

    static StunErrorCode errorCode(byte[] data, int value, int length) throws StunDecodeException {
        if (length < 4) {
            throw new StunDecodeException("ERROR-CODE has length " + length + ", too short");
        }
        int errorClass = data[value + 2] & 0x07;
        int number = data[value + 3] & 0xff;
        if (errorClass < 3 || errorClass > 6 || number > 99) {
            throw new StunDecodeException("ERROR-CODE class " + errorClass + " number " + number + " is not 300-699");
        }
        String reason = text(data, value + 4, length - 4);
        if (reason.codePointCount(0, reason.length()) > StunErrorCode.MAX_REASON_CHARS) {
            reason = reason.substring(0, reason.offsetByCodePoints(0, StunErrorCode.MAX_REASON_CHARS));
        }
        return new StunErrorCode(errorClass * 100 + number, reason);
    }

    /** Network text that may end up in a log line or an exception: undecodable bytes and controls replaced. */
    static String text(byte[] data, int value, int length) throws StunDecodeException {
        if (length > MAX_TEXT_BYTES) {
            throw new StunDecodeException("text attribute of " + length + " bytes, more than " + MAX_TEXT_BYTES);
        }
        String raw = new String(data, value, length, StandardCharsets.UTF_8);
        StringBuilder clean = new StringBuilder(raw.length());
        raw.codePoints().forEach(cp -> clean.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        String result = clean.toString();
        if (result.codePointCount(0, result.length()) > StunMessage.MAX_SOFTWARE_CHARS) {
            result = result.substring(0, result.offsetByCodePoints(0, StunMessage.MAX_SOFTWARE_CHARS));
        }
        return result;
    }

    static void xorAddress(byte[] address, TransactionId id) {
        for (int i = 0; i < address.length; i++) {
            int key = i < 4 ? (MAGIC_COOKIE >>> (24 - 8 * i)) & 0xff : id.byteAt(i - 4) & 0xff;
            address[i] ^= (byte) key;
        }
    }

    static int padded(int length) {
        return (length + 3) & ~3;
    }

    static int u16(byte[] data, int pos) {
        return ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
    }

    static int u32(byte[] data, int pos) {
        return ((data[pos] & 0xff) << 24)
                | ((data[pos + 1] & 0xff) << 16)
                | ((data[pos + 2] & 0xff) << 8)
                | (data[pos + 3] & 0xff);
    }

    static void putU16(byte[] out, int pos, int value) {
        out[pos] = (byte) (value >>> 8);
        out[pos + 1] = (byte) value;
    }

    static void putU32(byte[] out, int pos, int value) {
        out[pos] = (byte) (value >>> 24);
        out[pos + 1] = (byte) (value >>> 16);
        out[pos + 2] = (byte) (value >>> 8);
        out[pos + 3] = (byte) value;
    }
}
