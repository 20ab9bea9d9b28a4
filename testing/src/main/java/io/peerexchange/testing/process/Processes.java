package io.peerexchange.testing.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Ending and reading the long-running processes a harness started. */
public final class Processes {
    /** How long a process gets to end on SIGTERM before SIGKILL. */
    public static final long GRACE_SECONDS = 5;

    private Processes() {}

    /** SIGTERM, then SIGKILL after {@link #GRACE_SECONDS}; an interrupt is kept for the caller. */
    public static void stop(Process process) {
        stop(process, GRACE_SECONDS);
    }

    /** SIGTERM, then SIGKILL after {@code graceSeconds}; an interrupt is kept for the caller. */
    public static void stop(Process process, long graceSeconds) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP or SIGCONT (Java has neither): {@code kill -STOP <pid>}. */
    public static void signal(Process process, String signal) throws IOException {
        Commands.ok("kill", "-" + signal, String.valueOf(process.pid()));
    }

    /** A file a process writes its output to, or what went wrong reading it (for failure messages). */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e + ">";
        }
    }

    /** Deletes {@code directory} and everything below it. */
    public static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var files = Files.walk(directory)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
