package io.peerexchange.adapters.stun.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for the STUN response decoder, the check decoder ({@link #check}), the TURN
 * decoder ({@link #turn}) and ChannelData ({@link #channelData}): any datagram off the network either decodes to a
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

    private static final IntegrityKey TURN_KEY = IntegrityKey.longTerm("alice", "px.test", "password");

    /**
     * Any datagram from a TURN server either decodes to a message that re-encodes (signed or not)
     * to the same message, or fails with {@link StunDecodeException}. Inputs: {@code …/turn/}.
     */
    @FuzzTest(maxDuration = "10m")
    void turn(byte[] datagram) {
        ReceivedTurn received;
        try {
            received = TurnCodec.decode(datagram, 0, datagram.length);
        } catch (StunDecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank().hasSizeLessThan(1024);
            return;
        }
        received.integrityValid(TURN_KEY);
        TurnMessage message = received.message();
        byte[] encoded = TurnCodec.encode(message, TURN_KEY);
        try {
            ReceivedTurn again = TurnCodec.decode(encoded, 0, encoded.length);
            assertThat(again.message()).isEqualTo(message);
            assertThat(again.integrityValid(TURN_KEY)).isTrue();
        } catch (StunDecodeException e) {
            throw new AssertionError("a decoded TURN message must re-encode to a decodable one", e);
        }
    }

    /** Any datagram is ChannelData whose length fits what arrived, or refused. Inputs: {@code …/channelData/}. */
    @FuzzTest(maxDuration = "10m")
    void channelData(byte[] datagram) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(datagram);
        try {
            int channel = ChannelData.channel(buffer);
            assertThat(channel).isBetween(ChannelData.MIN_CHANNEL, ChannelData.MAX_CHANNEL);
            assertThat(ChannelData.length(buffer)).isLessThanOrEqualTo(datagram.length - ChannelData.HEADER_LENGTH);
        } catch (StunDecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank().hasSizeLessThan(1024);
        }
    }
}
