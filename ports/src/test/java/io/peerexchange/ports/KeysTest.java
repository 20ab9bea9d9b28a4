package io.peerexchange.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeysTest {
    static final String KEY = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";

    @Test
    void publicKey_roundTripsBase64AndHex() {
        WireGuardKey key = WireGuardKey.fromBase64(KEY);

        assertThat(key.toBase64()).isEqualTo(KEY);
        assertThat(key.toHex()).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(WireGuardKey.fromHex(key.toHex())).isEqualTo(key).hasSameHashCodeAs(key);
        assertThat(key.bytes()).hasSize(32);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "abc",
                "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg",
                "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8D==",
                "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8D*=",
                "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dh=",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            })
    void publicKey_rejectsAnythingButCanonicalBase64Of32Bytes(String text) {
        assertThatThrownBy(() -> WireGuardKey.fromBase64(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("WireGuard public key");
    }

    @Test
    void publicKey_rejectsWrongLengthBytesAndBadHex() {
        assertThatThrownBy(() -> WireGuardKey.of(new byte[31])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> WireGuardKey.fromHex("zz".repeat(32))).hasMessageContaining("64 hex");
    }

    @Test
    void presharedKey_neverShowsItselfInTextOrErrors() {
        String secret = Base64.getEncoder().encodeToString(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32
        });
        PresharedKey psk = PresharedKey.fromBase64(secret);

        assertThat(psk.toString()).doesNotContain(secret).isEqualTo("PresharedKey[redacted]");
        assertThat(psk.toBase64()).isEqualTo(secret);
        String broken = secret.substring(0, 40) + "!!!=";
        assertThatThrownBy(() -> PresharedKey.fromBase64(broken))
                .message()
                .doesNotContain(broken)
                .doesNotContain(secret.substring(0, 40));
    }

    @Test
    void hashCode_spreadsKeysThatDifferOnlyInTheirLastBytes() {
        java.util.Set<Integer> hashes = new java.util.HashSet<>();
        for (int n = 0; n < 10_000; n++) {
            hashes.add(io.peerexchange.ports.testing.TestKeys.key(n).hashCode());
        }

        assertThat(hashes).hasSize(10_000);
    }

    @Test
    void compareTo_ordersUnsignedLexicographicallyAndAgreesWithEquals() {
        WireGuardKey low = WireGuardKey.of(new byte[32]);
        byte[] high = new byte[32];
        high[0] = (byte) 0xff;

        assertThat(low).isLessThan(WireGuardKey.of(high));
        assertThat(low.compareTo(WireGuardKey.of(new byte[32]))).isZero();
    }

    @Test
    void bytes_areDefensiveCopies() {
        WireGuardKey key = WireGuardKey.fromBase64(KEY);
        byte[] bytes = key.bytes();
        bytes[0] ^= 1;

        assertThat(key.toBase64()).isEqualTo(KEY);
    }
}
