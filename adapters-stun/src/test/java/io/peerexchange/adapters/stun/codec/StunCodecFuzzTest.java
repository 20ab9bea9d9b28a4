package io.peerexchange.adapters.stun.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for the STUN response decoder and the check decoder ({@link #check}): any datagram off the network either decodes to a
 * message that survives a re-encode, or fails with {@link StunDecodeException} and nothing else.
 * Checked-in inputs live in {@code src/test/resources/io/peerexchange/adapters/stun/codec/StunCodecFuzzTestInputs/decode/}.
 */
class StunCodecFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void decode(byte[] datagram) {
        StunMessage message;
        try {
            message = StunCodec.decode(datagram);
        } catch (StunDecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank().hasSizeLessThan(1024);
            return;
        }
        assertThat(message.mappedAddress().isPresent() ^ message.error().isPresent())
                .isTrue();
        StunMessage again;
        try {
            again = StunCodec.decode(StunCodec.encode(message));
        } catch (StunDecodeException e) {
            throw new AssertionError("a decoded message must re-encode to a decodable one", e);
        }
        assertThat(again.mappedAddress()).isEqualTo(message.mappedAddress());
        assertThat(again.error()).isEqualTo(message.error());
        assertThat(again.transactionId()).isEqualTo(message.transactionId());
    }

    private static final IntegrityKey KEY =
            IntegrityKey.shortTerm("VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.US_ASCII));

    /**
     * Any datagram at the WireGuard port either decodes to a check that re-encodes to the same check,
     * or fails with {@link StunDecodeException}; integrity holds only under the key that signed it.
     * Inputs: {@code …/StunCodecFuzzTestInputs/check/}.
     */
    @FuzzTest(maxDuration = "10m")
    void check(byte[] datagram) {
        ReceivedCheck received;
        try {
            received = CheckCodec.decode(datagram, 0, datagram.length);
        } catch (StunDecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank().hasSizeLessThan(1024);
            return;
        }
        received.integrityValid(KEY);
        CheckMessage message = received.message();
        byte[] encoded = CheckCodec.encode(message, KEY);
        try {
            ReceivedCheck again = CheckCodec.decode(encoded, 0, encoded.length);
            assertThat(again.message()).isEqualTo(message);
            assertThat(again.integrityValid(KEY)).isTrue();
        } catch (StunDecodeException e) {
            throw new AssertionError("a decoded check must re-encode to a decodable one", e);
        }
    }
}
