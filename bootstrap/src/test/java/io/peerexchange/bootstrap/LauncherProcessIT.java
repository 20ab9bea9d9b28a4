package io.peerexchange.bootstrap;

import io.peerexchange.bootstrap.config.Version;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The POSIX launcher finds the jar the build made and passes the arguments through. */
class LauncherProcessIT {

    @Test
    void givenASourceCheckout_launcher_runsTheBuiltJar() throws Exception {
        assumeTrue(Files.isRegularFile(Path.of("target/peerexchange.jar")), "the shaded jar has not been built");
        Process process = new ProcessBuilder("sh", "bin/peerexchange", "version").redirectErrorStream(true).start();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).startsWith("peerexchange " + Version.value());
    }

    @Test
    void givenAWrongJarPath_launcher_exitsOneSayingSo() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "bin/peerexchange", "version").redirectErrorStream(true);
        builder.environment().put("PEEREXCHANGE_JAR", "/nonexistent/peerexchange.jar");
        Process process = builder.start();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("peerexchange: PEEREXCHANGE_JAR=/nonexistent/peerexchange.jar is not a file\n");
    }
}
