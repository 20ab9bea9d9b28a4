package io.peerexchange.adapters.stun.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StunCodecTest {
    private static final TransactionId ID = TransactionId.of(Rfc5769Vectors.TRANSACTION_ID);

    @Test
    void givenRfc5769Ipv4Response_decode_returnsTheMappedAddressSoftwareAndFingerprint() throws Exception {
        StunMessage message = StunCodec.decode(Rfc5769Vectors.get(Rfc5769Vectors.IPV4_RESPONSE));

        assertThat(message.type()).isEqualTo(StunMessageType.BINDING_SUCCESS);
        assertThat(message.transactionId()).isEqualTo(ID);
        assertThat(message.mappedAddress()).contains(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
        assertThat(message.software()).contains("test vector");
        assertThat(message.fingerprint()).isTrue();
        assertThat(message.error()).isEmpty();
    }

    @Test
    void givenRfc5769Ipv6Response_decode_returnsTheMappedAddress() throws Exception {
        StunMessage message = StunCodec.decode(Rfc5769Vectors.get(Rfc5769Vectors.IPV6_RESPONSE));

        assertThat(message.mappedAddress())
                .contains(new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
        assertThat(message.fingerprint()).isTrue();
    }

    @Test
    void givenRfc5769Request_fingerprint_matchesTheOneInTheVector() {
        byte[] request = Rfc5769Vectors.get(Rfc5769Vectors.REQUEST);
        int fingerprintAt = request.length - 8;

        int expected = ((request[fingerprintAt + 4] & 0xff) << 24)
                | ((request[fingerprintAt + 5] & 0xff) << 16)
                | ((request[fingerprintAt + 6] & 0xff) << 8)
                | (request[fingerprintAt + 7] & 0xff);
        assertThat(StunCodec.fingerprint(request, 0, fingerprintAt)).isEqualTo(expected);
    }

    @Test
    void givenRfc5769Request_decode_rejectsItAsNotAResponse() {
        assertThatThrownBy(() -> StunCodec.decode(Rfc5769Vectors.get(Rfc5769Vectors.REQUEST)))
                .isInstanceOf(StunDecodeException.class)
                .hasMessageContaining("not a Binding response");
    }

    @Test
    void givenBindingRequest_encode_writesHeaderSoftwareAndAValidFingerprint() {
        byte[] request = StunCodec.encode(StunMessage.bindingRequest(ID, Optional.of("peerexchange")));

        String hex = HexFormat.of().formatHex(request);
        assertThat(hex)
                .startsWith("0001" + "0018" + "2112a442" + "b7e7a701bc34d686fa87dfae" + "8022000c"
                        + HexFormat.of().formatHex("peerexchange".getBytes()));
        assertThat(request).hasSize(20 + 16 + 8);
        assertThat(hex.substring(hex.length() - 16, hex.length() - 8)).isEqualTo("80280004");
        int fingerprint = (int) Long.parseLong(hex.substring(hex.length() - 8), 16);
        assertThat(StunCodec.fingerprint(request, 0, request.length - 8)).isEqualTo(fingerprint);
    }

    @Test
    void givenRequestWithoutSoftware_encode_isHeaderAndFingerprintOnly() {
        byte[] request = StunCodec.encode(StunMessage.bindingRequest(ID, Optional.empty()));

        assertThat(HexFormat.of().formatHex(request, 0, 4)).isEqualTo("00010008");
        assertThat(request).hasSize(28);
    }

    @Test
    void givenRandomTransactionIds_random_neverRepeatsAndHas96Bits() {
        assertThat(TransactionId.random()).isNotEqualTo(TransactionId.random());
        assertThat(TransactionId.random().bytes()).hasSize(12);
    }

    @ParameterizedTest
    @MethodSource("mappedAddresses")
    void givenSuccessResponse_encodeThenDecode_roundTrips(String address, int port) throws Exception {
        InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByName(address), port);
        StunMessage message = new StunMessage(
                StunMessageType.BINDING_SUCCESS,
                TransactionId.random(),
                Optional.of(mapped),
                Optional.empty(),
                Optional.of("grüße ✓"),
                true);

        assertThat(StunCodec.decode(StunCodec.encode(message))).isEqualTo(message);
    }

    static Stream<Arguments> mappedAddresses() {
        return Stream.of(
                Arguments.of("203.0.113.10", 40000),
                Arguments.of("192.0.2.1", 1),
                Arguments.of("2001:db8::1", 65535),
                Arguments.of("fe80::1:2:3:4", 51820));
    }

    @Test
    void givenErrorResponse_encodeThenDecode_surfacesClassNumberAndReason() throws Exception {
        StunMessage error = StunMessage.bindingError(ID, new StunErrorCode(420, "Unknown Attribute"));

        StunMessage decoded = StunCodec.decode(StunCodec.encode(error));

        assertThat(decoded.type()).isEqualTo(StunMessageType.BINDING_ERROR);
        assertThat(decoded.error()).contains(new StunErrorCode(420, "Unknown Attribute"));
        assertThat(decoded.error().orElseThrow()).hasToString("420 Unknown Attribute");
    }

    @Test
    void givenResponseWithoutFingerprint_decode_acceptsIt() throws Exception {
        StunMessage message = new StunMessage(
                StunMessageType.BINDING_SUCCESS,
                ID,
                Optional.of(new InetSocketAddress(InetAddress.getByName("198.51.100.7"), 4000)),
                Optional.empty(),
                Optional.empty(),
                false);

        assertThat(StunCodec.decode(StunCodec.encode(message)).fingerprint()).isFalse();
    }

    @Test
    void givenOnlyMappedAddress_decode_fallsBackToIt() throws Exception {
        byte[] response = response(attribute(0x0001, "0001" + "1f90" + "c6336407"));

        assertThat(StunCodec.decode(response).mappedAddress())
                .contains(new InetSocketAddress(InetAddress.getByName("198.51.100.7"), 8080));
    }

    @Test
    void givenBothMappedAndXorMapped_decode_prefersXorMapped() throws Exception {
        byte[] response = response(
                attribute(0x0001, "0001" + "1f90" + "c6336407") + attribute(0x0020, "0001" + "a147" + "e112a643"));

        assertThat(StunCodec.decode(response).mappedAddress())
                .contains(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
    }

    @Test
    void givenPreStandardXorMappedAddress0x8020_decode_readsIt() throws Exception {
        byte[] response = response(attribute(0x8020, "0001" + "a147" + "e112a643"));

        assertThat(StunCodec.decode(response).mappedAddress())
                .contains(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
    }

    @Test
    void givenUnknownComprehensionOptionalAttributes_decode_skipsThem() throws Exception {
        byte[] response = response(attribute(0xc001, "0102030405")
                + attribute(0x802b, "0001" + "0d96" + "7f000001")
                + attribute(0x0020, "0001" + "a147" + "e112a643"));

        assertThat(StunCodec.decode(response).mappedAddress()).isPresent();
    }

    @Test
    void givenAttributesAfterMessageIntegrity_decode_ignoresThem() throws Exception {
        byte[] response = response(attribute(0x0020, "0001" + "a147" + "e112a643")
                + attribute(0x0008, "00".repeat(20))
                + attribute(0x0020, "0001" + "0000" + "00000000"));

        assertThat(StunCodec.decode(response).mappedAddress())
                .contains(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
    }

    @Test
    void givenSoftwareWithControlCharacters_decode_replacesThem() throws Exception {
        byte[] response = response(attribute(0x8022, HexFormat.of().formatHex("a\nb\u001bc".getBytes()))
                + attribute(0x0020, "0001" + "a147" + "e112a643"));

        assertThat(StunCodec.decode(response).software()).contains("a?b?c");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void givenMalformedResponse_decode_rejectsItNamingTheCheck(
            String name, UnaryOperator<byte[]> damage, String expectedMessage) {
        byte[] packet = damage.apply(Rfc5769Vectors.get(Rfc5769Vectors.IPV4_RESPONSE));

        assertThatThrownBy(() -> StunCodec.decode(packet))
                .isInstanceOf(StunDecodeException.class)
                .hasMessageContaining(expectedMessage);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty", (UnaryOperator<byte[]>) p -> new byte[0], "too short"),
                Arguments.of("header cut", (UnaryOperator<byte[]>) p -> Arrays.copyOf(p, 19), "too short"),
                Arguments.of("top bits set", set(0, 0x41), "first two bits"),
                Arguments.of("bad cookie", set(4, 0x22), "magic cookie"),
                Arguments.of("length not multiple of 4", set(3, 0x3d), "not a multiple of 4"),
                Arguments.of("truncated", (UnaryOperator<byte[]>) p -> Arrays.copyOf(p, p.length - 4), "arrived"),
                Arguments.of("trailing bytes", (UnaryOperator<byte[]>) p -> Arrays.copyOf(p, p.length + 4), "arrived"),
                Arguments.of("request type", set(0, 0x00), "not a Binding response"),
                Arguments.of("other method", set(1, 0x03), "not a Binding response"),
                Arguments.of("attribute overruns", set(23, 0x40), "claims"),
                Arguments.of("fingerprint changed", set(79, 0x97), "FINGERPRINT does not match"),
                Arguments.of("body changed under fingerprint", set(25, 0x66), "FINGERPRINT does not match"),
                Arguments.of("unknown family", refingerprint(set(41, 0x03)), "unknown address family"),
                Arguments.of("family length mismatch", refingerprint(set(41, 0x02)), "has length 8 instead of 20"),
                Arguments.of(
                        "unknown required attribute",
                        refingerprint(set(20, 0x00, 0x7f)),
                        "unknown comprehension-required attribute 0x007f"));
    }

    @Test
    void givenAttributeAfterFingerprint_decode_rejectsIt() {
        byte[] vector = Rfc5769Vectors.get(Rfc5769Vectors.IPV4_RESPONSE);
        byte[] longer = Arrays.copyOf(vector, vector.length + 4);
        longer[3] = (byte) (longer[3] + 4);
        longer[vector.length] = (byte) 0x80;
        longer[vector.length + 1] = (byte) 0x30;
        // The fingerprint was computed with the old length: recompute it so only the trailing attribute is wrong.
        int fp = StunCodec.fingerprint(longer, 0, vector.length - 8);
        for (int i = 0; i < 4; i++) {
            longer[vector.length - 4 + i] = (byte) (fp >>> (24 - 8 * i));
        }

        assertThatThrownBy(() -> StunCodec.decode(longer))
                .isInstanceOf(StunDecodeException.class)
                .hasMessageContaining("after FINGERPRINT");
    }

    @Test
    void givenErrorResponseWithoutErrorCode_decode_rejectsIt() {
        byte[] response = response(attribute(0x8022, "41424344"));
        response[1] = 0x11;

        assertThatThrownBy(() -> StunCodec.decode(response)).hasMessageContaining("without ERROR-CODE");
    }

    @Test
    void givenErrorCodeOutsideTheClasses_decode_rejectsIt() {
        byte[] response = response(attribute(0x0009, "0000" + "0201"));
        response[1] = 0x11;

        assertThatThrownBy(() -> StunCodec.decode(response)).hasMessageContaining("not 300-699");
    }

    @Test
    void givenSuccessWithoutAnyMappedAddress_decode_rejectsIt() {
        assertThatThrownBy(() -> StunCodec.decode(response(attribute(0x8022, "41424344"))))
                .hasMessageContaining("without XOR-MAPPED-ADDRESS");
    }

    @Test
    void givenMappedPortZeroOrWildcardAddress_decode_rejectsIt() {
        assertThatThrownBy(() -> StunCodec.decode(response(attribute(0x0001, "0001" + "0000" + "c6336407"))))
                .hasMessageContaining("port 0");
        assertThatThrownBy(() -> StunCodec.decode(response(attribute(0x0001, "0001" + "1f90" + "00000000"))))
                .hasMessageContaining("not a unicast address");
    }

    /** A success response with the vector's transaction id and these attributes (hex), no fingerprint. */
    static byte[] response(String attributesHex) {
        byte[] attributes = HexFormat.of().parseHex(attributesHex);
        byte[] out = new byte[20 + attributes.length];
        out[0] = 0x01;
        out[1] = 0x01;
        out[2] = (byte) (attributes.length >>> 8);
        out[3] = (byte) attributes.length;
        out[4] = 0x21;
        out[5] = 0x12;
        out[6] = (byte) 0xa4;
        out[7] = 0x42;
        System.arraycopy(Rfc5769Vectors.TRANSACTION_ID, 0, out, 8, 12);
        System.arraycopy(attributes, 0, out, 20, attributes.length);
        return out;
    }

    static String attribute(int type, String valueHex) {
        int length = valueHex.length() / 2;
        int padding = (4 - length % 4) % 4;
        return String.format("%04x%04x", type, length) + valueHex + "00".repeat(padding);
    }

    private static UnaryOperator<byte[]> set(int offset, int... values) {
        return p -> {
            for (int i = 0; i < values.length; i++) {
                p[offset + i] = (byte) values[i];
            }
            return p;
        };
    }

    /** Applies {@code damage} and recomputes the trailing FINGERPRINT so the decoder gets past that check. */
    private static UnaryOperator<byte[]> refingerprint(UnaryOperator<byte[]> damage) {
        return p -> {
            byte[] damaged = damage.apply(p);
            int fp = StunCodec.fingerprint(damaged, 0, damaged.length - 8);
            for (int i = 0; i < 4; i++) {
                damaged[damaged.length - 4 + i] = (byte) (fp >>> (24 - 8 * i));
            }
            return damaged;
        };
    }
}
