package io.peerexchange.robustness;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

/** Real Curve25519 public keys for the test peers (wireguard-go precomputes with them). */
final class Keys {
    private Keys() {}

    static String publicKey() {
        try {
            byte[] spki = KeyPairGenerator.getInstance("X25519")
                    .generateKeyPair()
                    .getPublic()
                    .getEncoded();
            return Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 32 random bytes, base64: a preshared key. */
    static String presharedKey() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
