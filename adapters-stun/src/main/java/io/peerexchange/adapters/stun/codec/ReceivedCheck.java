package io.peerexchange.adapters.stun.codec;

import java.security.MessageDigest;

/**
 * A decoded check or answer whose MESSAGE-INTEGRITY is still to be checked: the receiver picks the
 * key from what the message says (whose USERNAME, which transaction) and asks
 * {@link #integrityValid}. Nothing in {@link #message()} may be acted on before that says yes.
 */
public final class ReceivedCheck {
    private final CheckMessage message;
    private final byte[] signed;
    private final byte[] mac;

    ReceivedCheck(CheckMessage message, byte[] signed, byte[] mac) {
        this.message = message;
        this.signed = signed;
        this.mac = mac;
    }

    public CheckMessage message() {
        return message;
    }

    /** Whether MESSAGE-INTEGRITY matches under {@code key}, compared in constant time. */
    public boolean integrityValid(IntegrityKey key) {
        return MessageDigest.isEqual(key.mac(signed, 0, signed.length), mac);
    }
}
