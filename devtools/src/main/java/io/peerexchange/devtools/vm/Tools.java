package io.peerexchange.devtools.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Host commands the VM lab needs, time-bounded, and the files it cleans up. */
final class Tools {
    private Tools() {}

    record Result(int exit, String output) {}

    static Result run(List<String> command, Path dir, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        Path out = Files.createTempFile("pxk-tool", ".out");
        try {
            Thread drain = new Thread(() -> {
                try {
                    Files.write(out, p.getInputStream().readAllBytes());
                } catch (IOException e) {
                    // the process died; its exit code says what happened
                }
            });
            drain.setDaemon(true);
            drain.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                drain.join(2000);
                return new Result(124, "timed out after " + timeout.toSeconds() + " s: " + command);
            }
            drain.join(10_000);
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static String checked(List<String> command, Path dir, Duration timeout) throws IOException, InterruptedException {
        Result r = run(command, dir, timeout);
        if (r.exit() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + r.exit() + "): "
                    + r.output().trim());
        }
        return r.output();
    }

    /** The static busybox that becomes the guest's userland (Debian package busybox-static). */
    static String busybox() throws IOException {
        for (String candidate : List.of("/bin/busybox", "/usr/bin/busybox")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IOException("no busybox (Debian package busybox-static)");
    }

    /** Deletes a directory tree without following symbolic links out of it; absent is fine. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
