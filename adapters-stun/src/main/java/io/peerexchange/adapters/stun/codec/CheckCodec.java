package io.peerexchange.adapters.stun.codec;

import static io.peerexchange.adapters.stun.codec.StunCodec.ATTR_ERROR_CODE;
import static io.peerexchange.adapters.stun.codec.StunCodec.ATTR_MESSAGE_INTEGRITY;
import static io.peerexchange.adapters.stun.codec.StunCodec.ATTR_USERNAME;
import static io.peerexchange.adapters.stun.codec.StunCodec.ATTR_XOR_MAPPED_ADDRESS;
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
        AttributeCursor attributes = new AttributeCursor(data, offset, length);
        while (attributes.next()) {
            int attrType = attributes.type();
            int value = attributes.value();
            int attrLength = attributes.length();
            switch (attrType) {
                case ATTR_USERNAME -> {
                    if (attrLength == 0 || attrLength > CheckMessage.MAX_USERNAME_BYTES) {
                        throw new StunDecodeException("USERNAME has length " + attrLength);
                    }
                    username =
                            username == null ? new String(data, value, attrLength, StandardCharsets.UTF_8) : username;
                }
                case ATTR_PRIORITY -> {
                    attributes.requireLength("PRIORITY", 4);
                    priority = priority == 0 ? u32(data, value) & 0xFFFF_FFFFL : priority;
                }
                case ATTR_USE_CANDIDATE -> {
                    attributes.requireLength("USE-CANDIDATE", 0);
                    useCandidate = true;
                }
                case ATTR_ICE_CONTROLLING, ATTR_ICE_CONTROLLED -> {
                    attributes.requireLength("ICE-CONTROLLING/ICE-CONTROLLED", 8);
                    if (role == null) {
                        role = attrType == ATTR_ICE_CONTROLLING ? IceRole.CONTROLLING : IceRole.CONTROLLED;
                        tieBreaker = ((long) u32(data, value) << 32) | (u32(data, value + 4) & 0xFFFF_FFFFL);
                    }
                }
                case ATTR_XOR_MAPPED_ADDRESS -> {
                    InetSocketAddress address = StunCodec.address(data, value, attrLength, id, "XOR-MAPPED-ADDRESS");
                    mapped = mapped == null ? address : mapped;
                }
                case ATTR_ERROR_CODE -> error = error == null ? StunCodec.errorCode(data, value, attrLength) : error;
                case ATTR_MESSAGE_INTEGRITY -> {
                    attributes.requireLength("MESSAGE-INTEGRITY", IntegrityKey.MAC_LENGTH);
                    attributes.integrity();
                }
                default -> attributes.requireUnderstood(KNOWN_REQUIRED);
            }
        }
        if (!attributes.hasFingerprint()) {
            throw new StunDecodeException("a check without FINGERPRINT");
        }
        if (!attributes.hasIntegrity()) {
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
        return new ReceivedCheck(message, attributes.signed(), attributes.mac());
    }
}
