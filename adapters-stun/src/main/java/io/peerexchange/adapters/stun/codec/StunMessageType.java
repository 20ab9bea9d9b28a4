package io.peerexchange.adapters.stun.codec;

/** The Binding message types this client sends and accepts. */
public enum StunMessageType {
    BINDING_REQUEST(0x0001),
    BINDING_SUCCESS(0x0101),
    BINDING_ERROR(0x0111);

    private final int code;

    StunMessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static StunMessageType ofCode(int code) {
        for (StunMessageType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
