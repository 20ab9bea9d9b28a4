package io.peerexchange.adapters.stun.codec;

import static io.peerexchange.adapters.stun.codec.StunCodec.ATTR_ERROR_CODE;
import static io.peerexchange.adapters.stun.codec.StunCodec.ATTR_FINGERPRINT;
import static io.peerexchange.adapters.stun.codec.StunCodec.ATTR_MESSAGE_INTEGRITY;
import static io.peerexchange.adapters.stun.codec.StunCodec.ATTR_XOR_MAPPED_ADDRESS;
import static io.peerexchange.adapters.stun.codec.StunCodec.HEADER_LENGTH;
import static io.peerexchange.adapters.stun.codec.StunCodec.INTEGRITY_LENGTH;
import static io.peerexchange.adapters.stun.codec.StunCodec.padded;
import static io.peerexchange.adapters.stun.codec.StunCodec.putU16;
import static io.peerexchange.adapters.stun.codec.StunCodec.u16;
import static io.peerexchange.adapters.stun.codec.StunCodec.u32;

import io.peerexchange.ports.IceRole;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Encodes and decodes ICE connectivity checks and their answers (RFC 8445 §7, RFC 8489). Every
 * message is signed with MESSAGE-INTEGRITY (HMAC-SHA1 under an {@link IntegrityKey}) and ends with
 * FINGERPRINT; a decoded message must carry both, FINGERPRINT last and matching. Integrity is
 * checked apart, by {@link ReceivedCheck#integrityValid}, because which key applies depends on
 * what was decoded (the USERNAME of a request, the transaction of an answer).
 */
public final class CheckCodec {
    static final int ATTR_USERNAME = 0x0006;
    static final int ATTR_PRIORITY = 0x0024;
    static final int ATTR_USE_CANDIDATE = 0x0025;
    static final int ATTR_ICE_CONTROLLED = 0x8029;
    static final int ATTR_ICE_CONTROLLING = 0x802A;

    /** Comprehension-required attributes a check or its answer may carry; any other one rejects it. */
    private static final int[] KNOWN_REQUIRED = {
        StunCodec.ATTR_MAPPED_ADDRESS,
        ATTR_USERNAME,
        ATTR_MESSAGE_INTEGRITY,
        ATTR_ERROR_CODE,
        StunCodec.ATTR_MESSAGE_INTEGRITY_SHA256,
        ATTR_XOR_MAPPED_ADDRESS,
        ATTR_PRIORITY,
        ATTR_USE_CANDIDATE,
    };

    private CheckCodec() {}

    /** The wire form: USERNAME, PRIORITY, USE-CANDIDATE, role, XOR-MAPPED-ADDRESS, ERROR-CODE as present, then MESSAGE-INTEGRITY and FINGERPRINT. */
    public static byte[] encode(CheckMessage message, IntegrityKey key) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(key, "key");
        MessageWriter out = new MessageWriter(message.type().code(), message.transactionId());
        message.username().ifPresent(u -> out.text(ATTR_USERNAME, u));
        if (message.type() == StunMessageType.BINDING_REQUEST) {
            out.u32(ATTR_PRIORITY, (int) message.priority());
        }
        if (message.useCandidate()) {
            out.empty(ATTR_USE_CANDIDATE);
        }
        message.role()
                .ifPresent(r -> out.u64(
                        r == IceRole.CONTROLLING ? ATTR_ICE_CONTROLLING : ATTR_ICE_CONTROLLED, message.tieBreaker()));
        message.mappedAddress().ifPresent(a -> out.xorAddress(ATTR_XOR_MAPPED_ADDRESS, a, message.transactionId()));
        message.error().ifPresent(out::errorCode);
        return out.finish(key, true);
    }

    /**
     * Decodes {@code length} bytes at {@code offset} as a check or a check's answer. FINGERPRINT
     * and MESSAGE-INTEGRITY are required; the integrity itself is not checked yet.
     *
     * @throws StunDecodeException when the datagram is not a well-formed check; the message names why
     */
    public static ReceivedCheck decode(byte[] data, int offset, int length) throws StunDecodeException {
        int type = StunCodec.header(data, offset, length);
        StunMessageType messageType = StunMessageType.ofCode(type);
        if (messageType == null) {
            throw new StunDecodeException(String.format("not a Binding message: message type 0x%04x", type));
        }
        TransactionId id = TransactionId.read(data, offset + 8);
        String username = null;
        long priority = 0;
        IceRole role = null;
        long tieBreaker = 0;
        boolean useCandidate = false;
        InetSocketAddress mapped = null;
        StunErrorCode error = null;
        int integrityAt = -1;
        boolean fingerprint = false;
        int end = offset + length;
        int pos = offset + HEADER_LENGTH;
        while (pos < end) {
            int attrLength = StunCodec.attributeLength(data, offset, pos, end, fingerprint);
            int attrType = u16(data, pos);
            int value = pos + 4;
            if (attrType == ATTR_FINGERPRINT) {
                if (attrLength != 4) {
                    throw new StunDecodeException("FINGERPRINT has length " + attrLength + " instead of 4");
                }
                if (u32(data, value) != StunCodec.fingerprint(data, offset, pos - offset)) {
                    throw new StunDecodeException("FINGERPRINT does not match the message");
                }
                fingerprint = true;
            } else if (integrityAt >= 0) {
                // RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY (but FINGERPRINT) are ignored.
                pos = value + padded(attrLength);
                continue;
            } else {
                switch (attrType) {
                    case ATTR_USERNAME -> {
                        if (attrLength == 0 || attrLength > CheckMessage.MAX_USERNAME_BYTES) {
                            throw new StunDecodeException("USERNAME has length " + attrLength);
                        }
                        username = username == null
                                ? new String(data, value, attrLength, StandardCharsets.UTF_8)
                                : username;
                    }
                    case ATTR_PRIORITY -> {
                        fixedLength("PRIORITY", attrLength, 4);
                        priority = priority == 0 ? u32(data, value) & 0xFFFF_FFFFL : priority;
                    }
                    case ATTR_USE_CANDIDATE -> {
                        fixedLength("USE-CANDIDATE", attrLength, 0);
                        useCandidate = true;
                    }
                    case ATTR_ICE_CONTROLLING, ATTR_ICE_CONTROLLED -> {
                        fixedLength("ICE-CONTROLLING/ICE-CONTROLLED", attrLength, 8);
                        if (role == null) {
                            role = attrType == ATTR_ICE_CONTROLLING ? IceRole.CONTROLLING : IceRole.CONTROLLED;
                            tieBreaker = ((long) u32(data, value) << 32) | (u32(data, value + 4) & 0xFFFF_FFFFL);
                        }
                    }
                    case ATTR_XOR_MAPPED_ADDRESS -> {
                        InetSocketAddress address =
                                StunCodec.address(data, value, attrLength, id, "XOR-MAPPED-ADDRESS");
                        mapped = mapped == null ? address : mapped;
                    }
                    case ATTR_ERROR_CODE ->
                        error = error == null ? StunCodec.errorCode(data, value, attrLength) : error;
                    case ATTR_MESSAGE_INTEGRITY -> {
                        fixedLength("MESSAGE-INTEGRITY", attrLength, IntegrityKey.MAC_LENGTH);
                        integrityAt = pos;
                    }
                    default -> {
                        if (attrType < 0x8000 && !known(attrType)) {
                            throw new StunDecodeException(
                                    String.format("unknown comprehension-required attribute 0x%04x", attrType));
                        }
                    }
                }
            }
            pos = value + padded(attrLength);
        }
        if (!fingerprint) {
            throw new StunDecodeException("a check without FINGERPRINT");
        }
        if (integrityAt < 0) {
            throw new StunDecodeException("a check without MESSAGE-INTEGRITY");
        }
        CheckMessage message;
        try {
            message = new CheckMessage(
                    messageType,
                    id,
                    Optional.ofNullable(username),
                    priority,
                    Optional.ofNullable(role),
                    tieBreaker,
                    useCandidate,
                    Optional.ofNullable(mapped),
                    Optional.ofNullable(error));
        } catch (IllegalArgumentException e) {
            throw new StunDecodeException("not a check: " + e.getMessage());
        }
        int signedLength = integrityAt - offset;
        byte[] signed = new byte[signedLength];
        System.arraycopy(data, offset, signed, 0, signedLength);
        // The HMAC covered a length field that ended with MESSAGE-INTEGRITY (RFC 8489 §14.5).
        putU16(signed, 2, signedLength + INTEGRITY_LENGTH - HEADER_LENGTH);
        byte[] mac = new byte[IntegrityKey.MAC_LENGTH];
        System.arraycopy(data, integrityAt + 4, mac, 0, mac.length);
        return new ReceivedCheck(message, signed, mac);
    }

    private static void fixedLength(String name, int length, int expected) throws StunDecodeException {
        if (length != expected) {
            throw new StunDecodeException(name + " has length " + length + " instead of " + expected);
        }
    }

    private static boolean known(int attrType) {
        for (int known : KNOWN_REQUIRED) {
            if (known == attrType) {
                return true;
            }
        }
        return false;
    }
}
