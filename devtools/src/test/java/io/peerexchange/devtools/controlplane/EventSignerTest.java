package io.peerexchange.devtools.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventSignerTest {
    @TempDir
    Path dir;

    @Test
    void givenWrittenSeed_load_derivesTheSamePublicKeyAndSignatures() throws Exception {
        EventSigner signer = EventSigner.generate();
        Path file = dir.resolve("signing.seed");

        signer.writeSeed(file);
        EventSigner loaded = EventSigner.load(file);

        assertThat(loaded.publicKeyBase64()).isEqualTo(signer.publicKeyBase64());
        assertThat(loaded.sign(new byte[] {1, 2})).isEqualTo(signer.sign(new byte[] {1, 2}));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void givenRfc8032Seed_load_derivesItsPublicKey() throws Exception {
        Path file = dir.resolve("seed");
        // RFC 8032 §7.1 TEST 1.
        Files.writeString(
                file,
                java.util.Base64.getEncoder()
                        .encodeToString(java.util.HexFormat.of()
                                .parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")));

        assertThat(java.util.HexFormat.of()
                        .formatHex(java.util.Base64.getDecoder()
                                .decode(EventSigner.load(file).publicKeyBase64())))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    }

    @Test
    void givenGarbageFile_load_failsWithoutEchoingIt() throws Exception {
        Path file = dir.resolve("bad");
        Files.writeString(file, "c2VjcmV0");

        assertThatThrownBy(() -> EventSigner.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain("c2VjcmV0");
    }
}
