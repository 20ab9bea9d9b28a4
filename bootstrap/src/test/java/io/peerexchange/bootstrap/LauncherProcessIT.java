package io.peerexchange.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.peerexchange.bootstrap.config.Version;
import io.peerexchange.testing.env.Require;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The POSIX launcher: finds the jar the build made, passes the arguments through, and builds and
 * uses its class-data archive from the class list the jar carries.
 */
class LauncherProcessIT {
    private static final Path JAR = Path.of("target/peerexchange.jar");

    @TempDir
    Path dir;

    private Path cache;

    private record Outcome(int code, String output) {}

    @BeforeEach
    void requireTheBuild() {
        assumeTrue(Files.isRegularFile(JAR), "the shaded jar has not been built (run after package)");
        cache = dir.resolve("cache");
    }

    private Outcome launch(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("sh", "bin/peerexchange"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PEEREXCHANGE_"));
        Map<String, String> all = new HashMap<>(Map.of("PEEREXCHANGE_CACHE_DIR", cache.toString()));
        all.putAll(env);
        builder.environment().putAll(all);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Outcome(
                process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private List<Path> archives() throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void givenASourceCheckout_launcher_runsTheBuiltJar() throws Exception {
        Outcome outcome = launch(Map.of(), "version");

        assertThat(outcome.code()).as(outcome.output()).isZero();
        assertThat(outcome.output())
                .isEqualTo("peerexchange " + Version.value() + " (Java "
                        + Runtime.version().feature() + ")\n");
    }

    @Test
    void givenAWrongJarPath_launcher_exitsOneSayingSo() throws Exception {
        Outcome outcome = launch(Map.of("PEEREXCHANGE_JAR", "/nonexistent/peerexchange.jar"), "version");

        assertThat(outcome.code()).isEqualTo(1);
        assertThat(outcome.output())
                .isEqualTo("peerexchange: PEEREXCHANGE_JAR=/nonexistent/peerexchange.jar is not a file\n");
    }

    @Test
    void givenAFreshCache_firstStart_dumpsAnArchiveThatLaterStartsMap() throws Exception {

        Outcome first = launch(Map.of(), "version");
        assertThat(first.code()).as(first.output()).isZero();
        assertThat(archives())
                .singleElement()
                .satisfies(a -> assertThat(Files.size(a)).isGreaterThan(1 << 20));
        assertThat(first.output()).as("the dump is silent").startsWith("peerexchange ");

        // -Xshare:on turns an archive the JVM cannot map into a fatal error: this start proves it maps.
        Outcome mapped = launch(Map.of("PEEREXCHANGE_JAVA_OPTS", "-Xshare:on"), "version");
        assertThat(mapped.code()).as(mapped.output()).isZero();
        assertThat(archives()).hasSize(1);
    }

    @Test
    void givenCdsOff_launcher_neitherDumpsNorMapsAnArchive() throws Exception {
        Outcome outcome =
                launch(Map.of("PEEREXCHANGE_CDS", "off", "PEEREXCHANGE_JAVA_OPTS", "-Xlog:cds=info"), "version");

        assertThat(outcome.code()).as(outcome.output()).isZero();
        assertThat(archives()).isEmpty();
        assertThat(outcome.output()).doesNotContain(cache.toString());
    }

    @Test
    void givenAWorldWritableCache_launcher_runsWithoutAnArchive() throws Exception {
        // The directory must not be group- or world-writable: anyone who can write there chooses the code run.
        Files.createDirectories(cache);
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));

        Outcome outcome = launch(Map.of(), "version");

        assertThat(outcome.code()).as(outcome.output()).isZero();
        assertThat(outcome.output()).startsWith("peerexchange ");
        assertThat(archives()).isEmpty();
    }

    @Test
    void givenACacheThatCannotBeCreated_launcher_runsWithoutAnArchiveAndSaysNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        cache = file.resolve("cache");

        Outcome outcome = launch(Map.of(), "version");

        assertThat(outcome.code()).as(outcome.output()).isZero();
        assertThat(outcome.output())
                .isEqualTo("peerexchange " + Version.value() + " (Java "
                        + Runtime.version().feature() + ")\n");
    }

    @Test
    void givenNoCacheLocationAtAll_launcher_runsWithoutAnArchiveAndCreatesNothing() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "bin/peerexchange", "version").redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(name -> name.startsWith("PEEREXCHANGE_")
                        || name.equals("HOME")
                        || name.equals("XDG_CACHE_HOME")
                        || name.equals("CACHE_DIRECTORY"));
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output)
                .isEqualTo("peerexchange " + Version.value() + " (Java "
                        + Runtime.version().feature() + ")\n");
        assertThat(Path.of("/nonexistent")).doesNotExist();
    }

    /** Whether a start mapped an archive from the cache ({@code -Xlog:cds=info} names the file it opens). */
    private Outcome launchLoggingCds() throws Exception {
        return launch(Map.of("PEEREXCHANGE_JAVA_OPTS", "-Xlog:cds=info"), "version");
    }

    @Test
    void givenACacheGroupCanWrite_launcher_neitherDumpsNorMapsFromIt() throws Exception {
        assertThat(launchLoggingCds().output()).contains("Opened archive " + cache);
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwx---"));

        Outcome outcome = launchLoggingCds();

        assertThat(outcome.code()).as(outcome.output()).isZero();
        assertThat(outcome.output()).doesNotContain("Opened archive " + cache);
    }

    @Test
    void givenACacheOrArchiveOwnedBySomeoneElse_launcher_doesNotMapIt() throws Exception {
        Require.root("to give the cache to another user (chown nobody)");
        assertThat(launchLoggingCds().output()).contains("Opened archive " + cache);
        Path archive = archives().get(0);

        new ProcessBuilder("chown", "nobody", archive.toString())
                .inheritIO()
                .start()
                .waitFor();
        Outcome plantedFile = launchLoggingCds();
        new ProcessBuilder("chown", "-R", "nobody", cache.toString())
                .inheritIO()
                .start()
                .waitFor();
        Outcome plantedDirectory = launchLoggingCds();

        assertThat(plantedFile.code()).as(plantedFile.output()).isZero();
        assertThat(plantedFile.output()).doesNotContain("Opened archive " + cache);
        assertThat(plantedDirectory.code()).as(plantedDirectory.output()).isZero();
        assertThat(plantedDirectory.output()).doesNotContain("Opened archive " + cache);
    }

    @Test
    void givenAJvmThatCannotDump_launcher_triesOnceAndThenRunsWithoutAnArchive() throws Exception {
        Path javaHome = dir.resolve("jdk");
        Path bin = Files.createDirectories(javaHome.resolve("bin"));
        Path attempts = dir.resolve("dump-attempts");
        Path java = bin.resolve("java");
        Files.writeString(
                java,
                "#!/bin/sh\ncase \"$*\" in *-Xshare:dump*) echo dump >> '" + attempts + "'; exit 1 ;; esac\n" + "exec '"
                        + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        Outcome first = launch(Map.of("JAVA_HOME", javaHome.toString()), "version");
        Outcome second = launch(Map.of("JAVA_HOME", javaHome.toString()), "version");

        assertThat(first.code()).as(first.output()).isZero();
        assertThat(second.code()).as(second.output()).isZero();
        assertThat(second.output()).startsWith("peerexchange ");
        assertThat(Files.readAllLines(attempts)).hasSize(1);
        assertThat(archives()).isEmpty();
        try (Stream<Path> left = Files.list(cache)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains(".partial"));
        }
    }

    @Test
    void givenOldArchivesInTheCache_aNewDump_keepsTheNewestFour() throws Exception {
        Files.createDirectories(cache);
        for (int i = 1; i <= 5; i++) {
            Path old = Files.writeString(cache.resolve("peerexchange-old" + i + ".jsa"), "stale");
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3600L * (10 - i))));
        }

        Outcome outcome = launch(Map.of(), "version");

        assertThat(outcome.code()).as(outcome.output()).isZero();
        assertThat(archives())
                .extracting(a -> a.getFileName().toString())
                .hasSize(4)
                .contains("peerexchange-old3.jsa", "peerexchange-old4.jsa", "peerexchange-old5.jsa")
                .doesNotContain("peerexchange-old1.jsa", "peerexchange-old2.jsa");
    }
}
