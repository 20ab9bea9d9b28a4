package io.peerexchange.adapters.stun.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** TURN messages and ChannelData: our encoding read back, the server's challenge, and what a client must refuse. */
class TurnCodecTest {
    private static final IntegrityKey KEY = IntegrityKey.longTerm("alice", "px.test", "password");
    private static final IntegrityKey OTHER = IntegrityKey.longTerm("alice", "px.test", "passwore");

    private static ReceivedTurn decode(byte[] bytes) throws StunDecodeException {
        return TurnCodec.decode(bytes, 0, bytes.length);
    }

    private static InetSocketAddress address(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    @Test
    void givenASignedAllocate_encode_decodesToTheSameMessage_withIntegrityUnderItsKeyOnly() throws Exception {
        TurnMessage request = TurnMessage.request(TurnMethod.ALLOCATE)
                .udp()
                .lifetime(600)
                .family(TurnMessage.FAMILY_IPV6)
                .credentials("alice", "px.test", "f//499k954d6OL34oL9FSTvy64sA")
                .build();

        byte[] wire = TurnCodec.encode(request, KEY);
        ReceivedTurn received = decode(wire);

        assertThat(StunCodec.u16(wire, 0)).isEqualTo(0x0003);
        assertThat(received.message()).isEqualTo(request);
        assertThat(received.integrityValid(KEY)).isTrue();
        assertThat(received.integrityValid(OTHER)).isFalse();
        assertThat(TurnCodec.isTurn(wire, 0, wire.length)).isTrue();
    }

    /** The bytes were recorded from the encoder before its attribute writing was shared with the other codecs. */
    @Test
    void givenASignedCreatePermissionAndASendIndication_encode_writesTheRecordedBytes() throws Exception {
        TransactionId id = TransactionId.of(HexFormat.of().parseHex("0102030405060708090a0b0c"));
        TurnMessage permission = TurnMessage.of(TurnMethod.CREATE_PERMISSION, StunClass.REQUEST, id)
                .peer(address("198.51.100.7", 51820))
                .peer(address("2001:db8::7", 51820))
                .credentials("alice", "px.test", "nonce-1")
                .build();
        TurnMessage send = TurnMessage.of(TurnMethod.SEND, StunClass.INDICATION, id)
                .peer(address("198.51.100.7", 51820))
                .data(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}))
                .build();

        assertThat(HexFormat.of().formatHex(TurnCodec.encode(permission, KEY)))
                .isEqualTo("000800682112a4420102030405060708090a0b0c"
                        + "001200080001eb7ee721c045"
                        + "001200140002eb7e0113a9fa0102030405060708090a0b0b"
                        + "00060005616c696365000000"
                        + "0014000770782e7465737400"
                        + "001500076e6f6e63652d3100"
                        + "000800144b76c55d732742ffa93e26ae9f5328d46d703f43"
                        + "802800041b809995");
        assertThat(HexFormat.of().formatHex(TurnCodec.encode(send, null)))
                .isEqualTo("001600202112a4420102030405060708090a0b0c"
                        + "001200080001eb7ee721c045"
                        + "001300050102030405000000"
                        + "80280004e50369bb");
    }

    @Test
    void givenASuccessWithAddresses_encode_xorsThemAndDecodesThemBack() throws Exception {
        TransactionId id = TransactionId.random();
        TurnMessage success = TurnMessage.of(TurnMethod.ALLOCATE, StunClass.SUCCESS, id)
                .relayed(address("203.0.113.1", 49160))
                .mapped(address("2001:db8::10", 40000))
                .lifetime(600)
                .build();

        byte[] wire = TurnCodec.encode(success, null);
        ReceivedTurn received = decode(wire);

        assertThat(StunCodec.u16(wire, 0)).isEqualTo(0x0103);
        assertThat(received.message()).isEqualTo(success);
        assertThat(received.signed()).isFalse();
        assertThat(received.integrityValid(KEY)).isFalse();
        // the relayed address is xored, so its bytes do not appear in clear
        assertThat(HexFormat.of().formatHex(wire)).doesNotContain("cb007101");
    }

    @Test
    void givenAChallenge_decode_readsErrorRealmAndNonce() throws Exception {
        TurnMessage challenge = TurnMessage.of(TurnMethod.ALLOCATE, StunClass.ERROR, TransactionId.random())
                .error(new StunErrorCode(401, "Unauthorized"))
                .realm("px.test")
                .nonce("bc31a8f0e2d45c61")
                .build();

        TurnMessage decoded = decode(TurnCodec.encode(challenge, null)).message();

        assertThat(StunCodec.u16(TurnCodec.encode(challenge, null), 0)).isEqualTo(0x0113);
        assertThat(decoded.error()).contains(new StunErrorCode(401, "Unauthorized"));
        assertThat(decoded.realm()).contains("px.test");
        assertThat(decoded.nonce()).contains("bc31a8f0e2d45c61");
    }

    @Test
    void givenASendIndicationAndAChannelBind_encode_carriesPeerDataAndChannel() throws Exception {
        ByteBuffer payload = ByteBuffer.wrap("wireguard".getBytes(StandardCharsets.US_ASCII));
        TurnMessage send = TurnMessage.of(TurnMethod.SEND, StunClass.INDICATION, TransactionId.random())
                .peer(address("198.51.100.7", 51820))
                .data(payload)
                .build();
        TurnMessage bind = TurnMessage.request(TurnMethod.CHANNEL_BIND)
                .channel(0x4001)
                .peer(address("198.51.100.7", 51820))
                .build();

        TurnMessage sendBack = decode(TurnCodec.encode(send, null)).message();
        TurnMessage bindBack = decode(TurnCodec.encode(bind, KEY)).message();

        assertThat(sendBack).isEqualTo(send);
        assertThat(sendBack.data().orElseThrow())
                .isEqualTo(ByteBuffer.wrap("wireguard".getBytes(StandardCharsets.US_ASCII)));
        assertThat(bindBack.channelNumber()).hasValue(0x4001);
        assertThat(bindBack.peerAddresses()).containsExactly(address("198.51.100.7", 51820));
    }

    @Test
    void givenBadInput_decode_refusesIt() throws Exception {
        byte[] wire = TurnCodec.encode(
                TurnMessage.request(TurnMethod.REFRESH).lifetime(0).build(), null);
        byte[] flipped = wire.clone();
        flipped[25] ^= 1;
        assertThatThrownBy(() -> decode(flipped))
                .isInstanceOf(StunDecodeException.class)
                .hasMessageContaining("FINGERPRINT");

        byte[] binding =
                StunCodec.encode(StunMessage.bindingRequest(TransactionId.random(), java.util.Optional.empty()));
        assertThatThrownBy(() -> decode(binding))
                .isInstanceOf(StunDecodeException.class)
                .hasMessageContaining("not a TURN method");
        assertThat(TurnCodec.isTurn(binding, 0, binding.length)).isFalse();

        byte[] unknown = new byte[24];
        StunCodec.putU16(unknown, 0, 0x0104);
        StunCodec.putU16(unknown, 2, 4);
        StunCodec.putU32(unknown, 4, StunCodec.MAGIC_COOKIE);
        StunCodec.putU16(unknown, 20, 0x0031);
        assertThatThrownBy(() -> decode(unknown))
                .hasMessageContaining("unknown comprehension-required attribute 0x0031");

        byte[] badChannel = new byte[28];
        StunCodec.putU16(badChannel, 0, 0x0009);
        StunCodec.putU16(badChannel, 2, 8);
        StunCodec.putU32(badChannel, 4, StunCodec.MAGIC_COOKIE);
        StunCodec.putU16(badChannel, 20, TurnCodec.ATTR_CHANNEL_NUMBER);
        StunCodec.putU16(badChannel, 22, 4);
        StunCodec.putU16(badChannel, 24, 0x3FFF);
        assertThatThrownBy(() -> decode(badChannel)).hasMessageContaining("CHANNEL-NUMBER 0x3fff");
    }

    @Test
    void givenAnIndicationClassForARequestMethod_theMessageIsRefused() {
        assertThatThrownBy(() -> TurnMessage.of(TurnMethod.ALLOCATE, StunClass.INDICATION, TransactionId.random())
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TurnMessage.request(TurnMethod.CHANNEL_BIND)
                        .channel(0x5000)
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void channelData_framesInPlace_andRefusesShortOrOverlongFrames() throws Exception {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        buffer.position(ChannelData.HEADER_LENGTH);
        buffer.put("payload".getBytes(StandardCharsets.US_ASCII));
        ChannelData.writeHeader(buffer, 0, 0x4000, 7);
        buffer.flip();

        assertThat(ChannelData.isChannelData(buffer.get(0))).isTrue();
        assertThat(ChannelData.channel(buffer)).isEqualTo(0x4000);
        assertThat(ChannelData.length(buffer)).isEqualTo(7);

        ByteBuffer overlong = ByteBuffer.wrap(new byte[] {0x40, 0x00, 0x00, 0x09, 1, 2, 3});
        assertThatThrownBy(() -> ChannelData.channel(overlong)).hasMessageContaining("claims 9 bytes, 3 arrived");
        assertThatThrownBy(() -> ChannelData.channel(ByteBuffer.wrap(new byte[] {0x40, 0x00})))
                .hasMessageContaining("header alone");
        assertThatThrownBy(() -> ChannelData.channel(ByteBuffer.wrap(new byte[] {0x50, 0x00, 0, 0})))
                .hasMessageContaining("0x5000");
        assertThat(ChannelData.isChannelData((byte) 0x01)).isFalse();
        assertThatThrownBy(() -> ChannelData.writeHeader(buffer, 0, 0x3FFF, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
