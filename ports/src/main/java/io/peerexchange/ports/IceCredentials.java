package io.peerexchange.ports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * ICE short-term credentials (RFC 8445 §5.3): the username fragment is public, the password is a
 * secret and {@link #toString()} never shows it. Both are made of ICE characters (ALPHA, DIGIT, "+"
 * and "/"); the fragment has 4 to 256 of them, the password 22 to 256.
 */
public final class IceCredentials {
    public static final int MIN_UFRAG = 4;
    public static final int MIN_PWD = 22;
    public static final int MAX_LENGTH = 256;

    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private final String ufrag;
    private final String pwd;

    private IceCredentials(String ufrag, String pwd) {
        this.ufrag = ufrag;
        this.pwd = pwd;
    }

    /** Checks both parts; the message of a refusal names the part and never shows the password. */
    public static IceCredentials of(String ufrag, String pwd) {
        check(ufrag, "ufrag", MIN_UFRAG, true);
        check(pwd, "pwd", MIN_PWD, false);
        return new IceCredentials(ufrag, pwd);
    }

    /** Fresh credentials, new at every agent start: 8 fragment and 24 password characters. */
    public static IceCredentials random(SecureRandom random) {
        return new IceCredentials(randomIceChars(random, 8), randomIceChars(random, 24));
    }

    private static String randomIceChars(SecureRandom random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ICE_CHARS[random.nextInt(ICE_CHARS.length)];
        }
        return new String(chars);
    }

    private static void check(String value, String name, int min, boolean showValue) {
        Objects.requireNonNull(value, name);
        if (value.length() < min || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "ICE " + name + " must have " + min + " to " + MAX_LENGTH + " characters, got " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!ok) {
                throw new IllegalArgumentException("ICE " + name + " holds a character that is not an ICE character"
                        + (showValue ? ": " + InputText.quote(value) : " at position " + i));
            }
        }
    }

    public String ufrag() {
        return ufrag;
    }

    /** The password: the MESSAGE-INTEGRITY key of checks sent to this side. Never log it. */
    public String pwd() {
        return pwd;
    }

    public byte[] pwdBytes() {
        return pwd.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IceCredentials other
                && ufrag.equals(other.ufrag)
                && MessageDigest.isEqual(pwdBytes(), other.pwdBytes());
    }

    @Override
    public int hashCode() {
        return ufrag.hashCode();
    }

    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", pwd=<hidden>]";
    }
}
