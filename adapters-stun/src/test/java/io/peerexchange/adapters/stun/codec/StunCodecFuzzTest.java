package io.peerexchange.adapters.stun.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for the STUN response decoder: any datagram off the network either decodes to a
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
}
