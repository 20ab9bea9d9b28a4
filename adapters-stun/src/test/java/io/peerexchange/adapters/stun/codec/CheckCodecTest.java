package io.peerexchange.adapters.stun.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.IceRole;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Connectivity checks: RFC 5769's samples, our own encoding, and what a receiver must refuse. */
class CheckCodecTest {
    private static final IntegrityKey RFC_KEY =
            IntegrityKey.shortTerm("VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.US_ASCII));
    private static final IntegrityKey OTHER_KEY =
            IntegrityKey.shortTerm("VOkJxbRl1RmTxUk/WvJxBu".getBytes(StandardCharsets.US_ASCII));
    private static final TransactionId ID = TransactionId.read(Rfc5769Vectors.TRANSACTION_ID, 0);

    private static ReceivedCheck decode(byte[] bytes) throws StunDecodeException {
        return CheckCodec.decode(bytes, 0, bytes.length);
    }

    @Test
    void givenRfc5769SampleRequest_decode_readsEveryIceAttribute_andItsIntegrityHoldsUnderThePassword()
            throws Exception {
        ReceivedCheck check = decode(Rfc5769Vectors.get(Rfc5769Vectors.REQUEST));

        CheckMessage message = check.message();
        assertThat(message.type()).isEqualTo(StunMessageType.BINDING_REQUEST);
        assertThat(message.transactionId()).isEqualTo(ID);
        assertThat(message.username()).contains("evtj:h6vY");
        assertThat(message.priority()).isEqualTo(0x6e0001ffL);
        assertThat(message.role()).contains(IceRole.CONTROLLED);
        assertThat(message.tieBreaker()).isEqualTo(0x932ff9b151263b36L);
        assertThat(message.useCandidate()).isFalse();
        assertThat(check.integrityValid(RFC_KEY)).isTrue();
        assertThat(check.integrityValid(OTHER_KEY)).isFalse();
    }

    @Test
    void givenRfc5769SampleResponses_decode_readsTheMappedAddresses_andTheirIntegrityHolds() throws Exception {
        ReceivedCheck v4 = decode(Rfc5769Vectors.get(Rfc5769Vectors.IPV4_RESPONSE));
        ReceivedCheck v6 = decode(Rfc5769Vectors.get(Rfc5769Vectors.IPV6_RESPONSE));

        assertThat(v4.message().mappedAddress())
                .contains(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
        assertThat(v6.message().mappedAddress())
                .contains(new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
        assertThat(v4.integrityValid(RFC_KEY)).isTrue();
        assertThat(v6.integrityValid(RFC_KEY)).isTrue();
        assertThat(v4.integrityValid(OTHER_KEY)).isFalse();
    }

    @Test
    void givenOneFlippedBitBeforeTheIntegrity_decode_failsTheFingerprint_andWithAFixedFingerprintTheIntegrity()
            throws Exception {
        byte[] bytes = Rfc5769Vectors.get(Rfc5769Vectors.REQUEST);
        bytes[44] ^= 1; // PRIORITY's value
        assertThatThrownBy(() -> decode(bytes)).hasMessage("FINGERPRINT does not match the message");

        refingerprint(bytes);
        assertThat(decode(bytes).integrityValid(RFC_KEY)).isFalse();
    }

    @Test
    void givenEachKindOfMessage_encode_decodesBackWithValidIntegrity_andFingerprintLast() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 51820);
        CheckMessage[] messages = {
            CheckMessage.request(ID, "remote1:local1", 0x7e7f00ffL, IceRole.CONTROLLING, -5L, true),
            CheckMessage.request(ID, "r:l", 1, IceRole.CONTROLLED, Long.MAX_VALUE, false),
            CheckMessage.success(ID, new InetSocketAddress(InetAddress.getByName("203.0.113.10"), 40000)),
            CheckMessage.success(ID, v6),
            CheckMessage.roleConflict(ID),
        };
        for (CheckMessage message : messages) {
            byte[] bytes = CheckCodec.encode(message, RFC_KEY);
            ReceivedCheck back = decode(bytes);

            assertThat(back.message()).isEqualTo(message);
            assertThat(back.integrityValid(RFC_KEY)).isTrue();
            assertThat(back.integrityValid(OTHER_KEY)).isFalse();
            assertThat(StunCodec.u16(bytes, bytes.length - 8)).isEqualTo(StunCodec.ATTR_FINGERPRINT);
            assertThat(StunCodec.u16(bytes, bytes.length - 32)).isEqualTo(StunCodec.ATTR_MESSAGE_INTEGRITY);
        }
    }

    @Test
    void givenTheRfc5769RequestsContent_encode_signsItAsTheRfcSamplesVerifierExpects() throws Exception {
        // Same attributes, our order and zero padding: a receiver holding the RFC's password accepts it.
        CheckMessage request =
                CheckMessage.request(ID, "evtj:h6vY", 0x6e0001ffL, IceRole.CONTROLLED, 0x932ff9b151263b36L, false);

        assertThat(decode(CheckCodec.encode(request, RFC_KEY)).integrityValid(RFC_KEY))
                .isTrue();
    }

    @Test
    void givenALongTermKey_itIsMd5OfUserRealmPassword_andSignsLikeAShortTermOne() throws Exception {
        IntegrityKey longTerm = IntegrityKey.longTerm("user", "example.org", "pass");
        IntegrityKey sameAsShortTerm = IntegrityKey.shortTerm(
                MessageDigest.getInstance("MD5").digest("user:example.org:pass".getBytes(StandardCharsets.UTF_8)));
        byte[] bytes = CheckCodec.encode(CheckMessage.roleConflict(ID), longTerm);

        assertThat(decode(bytes).integrityValid(sameAsShortTerm)).isTrue();
        assertThat(longTerm.toString()).doesNotContain(HexFormat.of().formatHex(longTerm.mac(bytes, 0, 4)));
        assertThat(longTerm).hasToString("IntegrityKey[<hidden>]");
    }

    @Test
    void givenAResponseWithoutIntegrityOrFingerprint_decode_refusesIt() {
        byte[] plain = StunCodec.encode(StunMessage.bindingSuccess(ID, new InetSocketAddress("192.0.2.1", 1)));
        assertThatThrownBy(() -> decode(plain)).hasMessage("a check without MESSAGE-INTEGRITY");

        byte[] signed = CheckCodec.encode(CheckMessage.roleConflict(ID), RFC_KEY);
        byte[] cut = new byte[signed.length - 8];
        System.arraycopy(signed, 0, cut, 0, cut.length);
        StunCodec.putU16(cut, 2, cut.length - StunCodec.HEADER_LENGTH);
        assertThatThrownBy(() -> decode(cut)).hasMessage("a check without FINGERPRINT");
    }

    @Test
    void givenARequestWithoutPriority_decode_refusesItAsNoCheck() {
        byte[] response = Rfc5769Vectors.get(Rfc5769Vectors.IPV4_RESPONSE);
        response[0] = 0;
        response[1] = 1; // now a request: no USERNAME, PRIORITY or role
        refingerprint(response);

        assertThatThrownBy(() -> decode(response)).hasMessageStartingWith("not a check:");
    }

    private static void refingerprint(byte[] bytes) {
        StunCodec.putU32(bytes, bytes.length - 4, StunCodec.fingerprint(bytes, 0, bytes.length - 8));
    }
}
