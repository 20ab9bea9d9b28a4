package io.peerexchange.adapters.stun.codec;

import java.nio.ByteBuffer;

/**
 * ChannelData framing (RFC 8656 §12.4): a 4-byte header (channel number, length) before the
 * application data, used on the TURN server's 5-tuple once a channel is bound. It works on a
 * {@link ByteBuffer} in place, so the relay's data path never copies a payload to frame it.
 */
public final class ChannelData {
    public static final int HEADER_LENGTH = 4;
    /** RFC 8656 §12: the channel numbers a client may bind. */
    public static final int MIN_CHANNEL = 0x4000;

    public static final int MAX_CHANNEL = 0x4FFF;

    private ChannelData() {}

    /** Whether a datagram whose first byte is {@code first} is ChannelData (0b01) rather than STUN (0b00). */
    public static boolean isChannelData(byte first) {
        return (first & 0xC0) == 0x40;
    }

    /**
     * Writes the header for {@code length} bytes of data on {@code channel} at {@code buffer}'s
     * absolute index {@code at}; the data is expected right behind it.
     */
    public static void writeHeader(ByteBuffer buffer, int at, int channel, int length) {
        checkChannel(channel);
        if (length < 0 || length > 0xFFFF) {
            throw new IllegalArgumentException("ChannelData carries 0 to 65535 bytes, not " + length);
        }
        buffer.putShort(at, (short) channel);
        buffer.putShort(at + 2, (short) length);
    }

    /**
     * The channel number of the ChannelData message in {@code buffer} between position and limit,
     * after checking that its length fits what arrived (over UDP the padding may be absent).
     *
     * @throws StunDecodeException when the header is short, the number is not a client channel or
     *     the length claims more than arrived
     */
    public static int channel(ByteBuffer buffer) throws StunDecodeException {
        int start = buffer.position();
        int available = buffer.remaining();
        if (available < HEADER_LENGTH) {
            throw new StunDecodeException("ChannelData of " + available + " bytes, the header alone has 4");
        }
        int channel = buffer.getShort(start) & 0xFFFF;
        if (channel < MIN_CHANNEL || channel > MAX_CHANNEL) {
            throw new StunDecodeException(String.format("ChannelData on channel 0x%04x, not 0x4000-0x4fff", channel));
        }
        int length = buffer.getShort(start + 2) & 0xFFFF;
        if (length > available - HEADER_LENGTH) {
            throw new StunDecodeException(
                    "ChannelData claims " + length + " bytes, " + (available - HEADER_LENGTH) + " arrived");
        }
        return channel;
    }

    /** The data length of the ChannelData message at {@code buffer}'s position, once {@link #channel} accepted it. */
    public static int length(ByteBuffer buffer) {
        return buffer.getShort(buffer.position() + 2) & 0xFFFF;
    }

    static void checkChannel(int channel) {
        if (channel < MIN_CHANNEL || channel > MAX_CHANNEL) {
            throw new IllegalArgumentException(String.format("channel 0x%04x is not 0x4000-0x4fff", channel));
        }
    }
}
