package io.peerexchange.adapters.stun.codec;

/** The class bits of a STUN message type (RFC 8489 §5); for methods below 0x10 they are added to the method. */
public enum StunClass {
    REQUEST(0x000),
    INDICATION(0x010),
    SUCCESS(0x100),
    ERROR(0x110);

    private final int bits;

    StunClass(int bits) {
        this.bits = bits;
    }

    int bits() {
        return bits;
    }

    static StunClass ofType(int type) {
        int bits = type & 0x110;
        for (StunClass c : values()) {
            if (c.bits == bits) {
                return c;
            }
        }
        throw new IllegalStateException("two bits have four values");
    }
}
