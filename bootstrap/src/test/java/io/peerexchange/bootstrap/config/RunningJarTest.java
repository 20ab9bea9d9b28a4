package io.peerexchange.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunningJarTest {

    @Test
    void sha256_isTheFilesDigestInLowerCaseHex(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a.jar"), "abc", StandardCharsets.US_ASCII);

        assertThat(RunningJar.sha256(file))
                .contains("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void givenNoFile_sha256_isEmpty(@TempDir Path dir) {
        assertThat(RunningJar.sha256(dir.resolve("missing.jar"))).isEmpty();
    }

    @Test
    void fromClassDirectories_checksum_isEmpty() {
        // Surefire runs these tests from target/classes, not from a jar.
        assertThat(RunningJar.location()).isEmpty();
        assertThat(RunningJar.checksum()).isEmpty();
    }
}
