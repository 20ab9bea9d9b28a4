package io.peerexchange.adapters.stun.codec;

import java.security.MessageDigest;

/**
 * A decoded TURN message whose MESSAGE-INTEGRITY, if any, is still to be checked: an answer to an
 * authenticated request is acted on only once {@link #integrityValid} says yes under the key the
 * request was signed with. Challenges (401, 438) come unsigned and carry only REALM and NONCE.
 */
public final class ReceivedTurn {
    private final TurnMessage message;
    private final byte[] signed;
    private final byte[] mac;

    ReceivedTurn(TurnMessage message, byte[] signed, byte[] mac) {
        this.message = message;
        this.signed = signed;
        this.mac = mac;
    }

    public TurnMessage message() {
        return message;
    }

    public boolean signed() {
        return mac != null;
    }

    /** Whether MESSAGE-INTEGRITY is present and matches under {@code key}, compared in constant time. */
    public boolean integrityValid(IntegrityKey key) {
        return mac != null && MessageDigest.isEqual(key.mac(signed, 0, signed.length), mac);
    }
}
