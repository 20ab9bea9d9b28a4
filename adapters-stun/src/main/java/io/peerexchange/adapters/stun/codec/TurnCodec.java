package io.peerexchange.adapters.stun.codec;

import static io.peerexchange.adapters.stun.codec.StunCodec.ATTR_ERROR_CODE;
import static io.peerexchange.adapters.stun.codec.StunCodec.ATTR_MESSAGE_INTEGRITY;
import static io.peerexchange.adapters.stun.codec.StunCodec.ATTR_USERNAME;
import static io.peerexchange.adapters.stun.codec.StunCodec.ATTR_XOR_MAPPED_ADDRESS;
import static io.peerexchange.adapters.stun.codec.StunCodec.u16;
import static io.peerexchange.adapters.stun.codec.StunCodec.u32;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Encodes and decodes TURN messages (RFC 8656 over RFC 8489). Requests are signed with
 * MESSAGE-INTEGRITY under a long-term {@link IntegrityKey} when one is given, and every encoded
 * message ends with FINGERPRINT. A decoded message's integrity is checked apart
 * ({@link ReceivedTurn#integrityValid}), since the key depends on the REALM and NONCE the server
 * sent. The decoder checks every length before it uses it; malformed input ends in a
 * {@link StunDecodeException} and nothing else.
 */
public final class TurnCodec {
    static final int ATTR_CHANNEL_NUMBER = 0x000C;
    static final int ATTR_LIFETIME = 0x000D;
    static final int ATTR_XOR_PEER_ADDRESS = 0x0012;
    static final int ATTR_DATA = 0x0013;
    static final int ATTR_REALM = 0x0014;
    static final int ATTR_NONCE = 0x0015;
    static final int ATTR_XOR_RELAYED_ADDRESS = 0x0016;
    static final int ATTR_REQUESTED_ADDRESS_FAMILY = 0x0017;
    static final int ATTR_REQUESTED_TRANSPORT = 0x0019;
    static final int PROTOCOL_UDP = 17;

    /** Comprehension-required attributes a TURN answer may carry (RFC 8489, RFC 8656); any other one rejects it. */
    private static final int[] KNOWN_REQUIRED = {
        0x0001, 0x0006, 0x0008, 0x0009, 0x000A, 0x000C, 0x000D, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018,
        0x0019, 0x001A, 0x001C, 0x001D, 0x001E, 0x0020, 0x0022,
    };

    private TurnCodec() {}

    /** The wire form of {@code message}, signed under {@code key} when it is not null, then FINGERPRINT. */
    public static byte[] encode(TurnMessage message, IntegrityKey key) {
        Objects.requireNonNull(message, "message");
        TransactionId id = message.transactionId();
        MessageWriter out = new MessageWriter(
                message.method().code() | message.messageClass().bits(), id);
        if (message.requestedTransportUdp()) {
            out.u32(ATTR_REQUESTED_TRANSPORT, PROTOCOL_UDP << 24);
        }
        message.requestedFamily().ifPresent(f -> out.u32(ATTR_REQUESTED_ADDRESS_FAMILY, f << 24));
        message.lifetime().ifPresent(l -> out.u32(ATTR_LIFETIME, l));
        message.channelNumber().ifPresent(c -> out.u32(ATTR_CHANNEL_NUMBER, c << 16));
        for (InetSocketAddress peer : message.peerAddresses()) {
            out.xorAddress(ATTR_XOR_PEER_ADDRESS, peer, id);
        }
        message.relayedAddress().ifPresent(a -> out.xorAddress(ATTR_XOR_RELAYED_ADDRESS, a, id));
        message.mappedAddress().ifPresent(a -> out.xorAddress(ATTR_XOR_MAPPED_ADDRESS, a, id));
        message.data().ifPresent(d -> out.bytes(ATTR_DATA, d));
        message.error().ifPresent(out::errorCode);
        message.username().ifPresent(u -> out.text(ATTR_USERNAME, u));
        message.realm().ifPresent(r -> out.text(ATTR_REALM, r));
        message.nonce().ifPresent(n -> out.text(ATTR_NONCE, n));
        return out.finish(key, true);
    }

    /** Whether {@code length} bytes at {@code offset} look like a TURN message (STUN header, a TURN method). */
    public static boolean isTurn(byte[] data, int offset, int length) {
        try {
            int type = StunCodec.header(data, offset, length);
            return TurnMethod.ofCode(type & ~0x110) != null;
        } catch (StunDecodeException e) {
            return false;
        }
    }

    /**
     * Decodes {@code length} bytes at {@code offset} as a TURN message.
     *
     * @throws StunDecodeException when the datagram is not a well-formed TURN message; the message says why
     */
    public static ReceivedTurn decode(byte[] data, int offset, int length) throws StunDecodeException {
        int type = StunCodec.header(data, offset, length);
        TurnMethod method = TurnMethod.ofCode(type & ~0x110);
        if (method == null) {
            throw new StunDecodeException(String.format("not a TURN method: message type 0x%04x", type));
        }
        StunClass messageClass = StunClass.ofType(type);
        TransactionId id = TransactionId.read(data, offset + 8);
        String username = null;
        String realm = null;
        String nonce = null;
        Integer lifetime = null;
        boolean udp = false;
        Integer family = null;
        Integer channel = null;
        List<InetSocketAddress> peers = new ArrayList<>();
        InetSocketAddress relayed = null;
        InetSocketAddress mapped = null;
        ByteBuffer payload = null;
        StunErrorCode error = null;
        AttributeCursor attributes = new AttributeCursor(data, offset, length);
        while (attributes.next()) {
            int value = attributes.value();
            int attrLength = attributes.length();
            switch (attributes.type()) {
                case ATTR_USERNAME -> {
                    if (attrLength == 0 || attrLength > TurnMessage.MAX_USERNAME_BYTES) {
                        throw new StunDecodeException("USERNAME has length " + attrLength);
                    }
                    username = username == null ? text(data, value, attrLength, "USERNAME") : username;
                }
                case ATTR_REALM -> realm = realm == null ? quoted(data, value, attrLength, "REALM") : realm;
                case ATTR_NONCE -> nonce = nonce == null ? quoted(data, value, attrLength, "NONCE") : nonce;
                case ATTR_LIFETIME -> {
                    attributes.requireLength("LIFETIME", 4);
                    long seconds = u32(data, value) & 0xFFFF_FFFFL;
                    lifetime = lifetime == null ? (int) Math.min(seconds, Integer.MAX_VALUE) : lifetime;
                }
                case ATTR_REQUESTED_TRANSPORT -> {
                    attributes.requireLength("REQUESTED-TRANSPORT", 4);
                    if ((data[value] & 0xFF) != PROTOCOL_UDP) {
                        throw new StunDecodeException("REQUESTED-TRANSPORT " + (data[value] & 0xFF) + " is not UDP");
                    }
                    udp = true;
                }
                case ATTR_REQUESTED_ADDRESS_FAMILY -> {
                    attributes.requireLength("REQUESTED-ADDRESS-FAMILY", 4);
                    int f = data[value] & 0xFF;
                    if (f != TurnMessage.FAMILY_IPV4 && f != TurnMessage.FAMILY_IPV6) {
                        throw new StunDecodeException("REQUESTED-ADDRESS-FAMILY " + f + " is neither 1 nor 2");
                    }
                    family = family == null ? f : family;
                }
                case ATTR_CHANNEL_NUMBER -> {
                    attributes.requireLength("CHANNEL-NUMBER", 4);
                    int number = u16(data, value);
                    if (number < ChannelData.MIN_CHANNEL || number > ChannelData.MAX_CHANNEL) {
                        throw new StunDecodeException(
                                String.format("CHANNEL-NUMBER 0x%04x is not 0x4000-0x4fff", number));
                    }
                    channel = channel == null ? number : channel;
                }
                case ATTR_XOR_PEER_ADDRESS -> {
                    if (peers.size() == TurnMessage.MAX_PEER_ADDRESSES) {
                        throw new StunDecodeException(
                                "more than " + TurnMessage.MAX_PEER_ADDRESSES + " XOR-PEER-ADDRESS attributes");
                    }
                    peers.add(StunCodec.address(data, value, attrLength, id, "XOR-PEER-ADDRESS"));
                }
                case ATTR_XOR_RELAYED_ADDRESS -> {
                    InetSocketAddress a = StunCodec.address(data, value, attrLength, id, "XOR-RELAYED-ADDRESS");
                    relayed = relayed == null ? a : relayed;
                }
                case ATTR_XOR_MAPPED_ADDRESS -> {
                    InetSocketAddress a = StunCodec.address(data, value, attrLength, id, "XOR-MAPPED-ADDRESS");
                    mapped = mapped == null ? a : mapped;
                }
                case ATTR_DATA ->
                    payload = payload == null
                            ? ByteBuffer.wrap(Arrays.copyOfRange(data, value, value + attrLength))
                            : payload;
                case ATTR_ERROR_CODE -> error = error == null ? StunCodec.errorCode(data, value, attrLength) : error;
                case ATTR_MESSAGE_INTEGRITY -> {
                    attributes.requireLength("MESSAGE-INTEGRITY", IntegrityKey.MAC_LENGTH);
                    attributes.integrity();
                }
                default -> attributes.requireUnderstood(KNOWN_REQUIRED);
            }
        }
        TurnMessage.Builder builder = TurnMessage.of(method, messageClass, id)
                .credentials(username, realm, nonce)
                .relayed(relayed)
                .mapped(mapped)
                .data(payload)
                .error(error);
        if (lifetime != null) {
            builder.lifetime(lifetime);
        }
        if (udp) {
            builder.udp();
        }
        if (family != null) {
            builder.family(family);
        }
        if (channel != null) {
            builder.channel(channel);
        }
        peers.forEach(builder::peer);
        TurnMessage message;
        try {
            message = builder.build();
        } catch (IllegalArgumentException e) {
            throw new StunDecodeException("not a TURN message: " + e.getMessage());
        }
        return attributes.hasIntegrity()
                ? new ReceivedTurn(message, attributes.signed(), attributes.mac())
                : new ReceivedTurn(message, null, null);
    }

    private static String text(byte[] data, int value, int length, String name) throws StunDecodeException {
        String text = new String(data, value, length, StandardCharsets.UTF_8);
        if (text.codePoints().anyMatch(Character::isISOControl)) {
            throw new StunDecodeException(name + " holds a control character");
        }
        return text;
    }

    /** REALM and NONCE: quoted-string text of at most 127 characters (RFC 8489 §14.9, §14.10). */
    private static String quoted(byte[] data, int value, int length, String name) throws StunDecodeException {
        if (length == 0 || length > 763) {
            throw new StunDecodeException(name + " has length " + length);
        }
        String text = text(data, value, length, name);
        if (text.codePointCount(0, text.length()) > TurnMessage.MAX_REALM_CHARS) {
            throw new StunDecodeException(name + " has more than " + TurnMessage.MAX_REALM_CHARS + " characters");
        }
        return text;
    }
}
