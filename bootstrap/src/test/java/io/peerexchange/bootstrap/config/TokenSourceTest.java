package io.peerexchange.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourceTest {
    @TempDir
    Path dir;

    @Test
    void givenAFileWithATrailingNewline_load_dropsTheNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "abc.def-123\r\n");

        assertThat(TokenSource.file(file, "--token-file").load().value()).isEqualTo("abc.def-123");
    }

    @Test
    void givenAMissingFile_load_failsNamingTheFlagAndTheFile() {
        Path file = dir.resolve("absent");

        assertThatThrownBy(() -> TokenSource.file(file, "--token-file").load())
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid --token-file: token file " + file + " does not exist");
    }

    @Test
    void givenAnEmptyFile_load_fails() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "\n");

        assertThatThrownBy(() -> TokenSource.file(file, "token_file").load()).hasMessageEndingWith("is empty");
    }

    @Test
    void givenADirectory_load_failsWithoutAStackTraceWorthyError() {
        assertThatThrownBy(() -> TokenSource.file(dir, "--token-file").load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot be read");
    }

    @Test
    void givenATokenWithInnerSpaces_load_failsWithoutEchoingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "secret part two");

        assertThatThrownBy(() -> TokenSource.file(file, "--token-file").load())
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("secret")
                .hasMessageNotContaining("part two");
    }

    @Test
    void givenAnEnvironmentToken_toString_neverShowsIt() {
        assertThat(TokenSource.environment("hunter2").toString()).doesNotContain("hunter2");
    }
}
