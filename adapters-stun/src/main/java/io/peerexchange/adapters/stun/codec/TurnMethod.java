package io.peerexchange.adapters.stun.codec;

/** The STUN methods a TURN client uses (RFC 8656 §17): Binding's neighbours in the method space. */
public enum TurnMethod {
    ALLOCATE(0x003),
    REFRESH(0x004),
    SEND(0x006),
    DATA(0x007),
    CREATE_PERMISSION(0x008),
    CHANNEL_BIND(0x009);

    private final int code;

    TurnMethod(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static TurnMethod ofCode(int code) {
        for (TurnMethod method : values()) {
            if (method.code == code) {
                return method;
            }
        }
        return null;
    }
}
