package io.peerexchange.adapters.stun.turn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How this node logs in to a TURN server: a fixed long-term username and password, or coturn's
 * time-limited REST credentials ({@code use-auth-secret}: username {@code <expiry unix time>:<user>},
 * password base64(HMAC-SHA1(shared secret, username))), made afresh for each allocation. Neither
 * the password nor the secret ever appears in {@link #toString()}.
 */
public final class TurnCredentials {
    /** How long a time-limited username is valid; the allocation refreshes long before. */
    public static final Duration TIME_LIMITED_VALIDITY = Duration.ofHours(24);

    private final String user;
    private final byte[] secret;
    private final boolean timeLimited;
    private final Clock clock;

    private TurnCredentials(String user, byte[] secret, boolean timeLimited, Clock clock) {
        Objects.requireNonNull(user, "user");
        if (user.isBlank()) {
            throw new IllegalArgumentException("a TURN username must not be empty");
        }
        if (secret.length == 0) {
            throw new IllegalArgumentException(
                    timeLimited ? "a TURN secret must not be empty" : "a TURN password must not be empty");
        }
        this.user = user;
        this.secret = secret;
        this.timeLimited = timeLimited;
        this.clock = clock;
    }

    public static TurnCredentials longTerm(String username, String password) {
        return new TurnCredentials(
                username, Objects.requireNonNull(password, "password").getBytes(StandardCharsets.UTF_8), false, null);
    }

    public static TurnCredentials timeLimited(String user, byte[] sharedSecret, Clock clock) {
        return new TurnCredentials(
                user,
                Objects.requireNonNull(sharedSecret, "sharedSecret").clone(),
                true,
                Objects.requireNonNull(clock));
    }

    /** The username and password to use now. */
    Login login() {
        if (!timeLimited) {
            return new Login(user, new String(secret, StandardCharsets.UTF_8));
        }
        long expiry = clock.instant().plus(TIME_LIMITED_VALIDITY).getEpochSecond();
        String username = expiry + ":" + user;
        return new Login(username, restPassword(secret, username));
    }

    /** coturn's REST password: base64(HMAC-SHA1(secret, username)). */
    static String restPassword(byte[] secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "TurnCredentials[user=" + user + (timeLimited ? ", time-limited" : "") + ", <secret hidden>]";
    }

    /** One username and password pair; the password stays out of {@link #toString()}. */
    record Login(String username, String password) {
        @Override
        public String toString() {
            return "Login[username=" + username + ", <password hidden>]";
        }
    }
}
