package io.peerexchange.testing.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the short system commands the lab tests need (ip, iptables, wg, kill) and hands back their output. */
public final class Commands {
    /** Longer than any ip/wg/iptables call takes; a hung one fails the test instead of the build. */
    public static final long TIMEOUT_SECONDS = 60;

    private static final String SBIN = "/usr/sbin:/sbin:/usr/bin:/bin";

    private Commands() {}

    /** What a command printed (stdout and stderr together) and how it exited. */
    public record Result(int exit, String output) {
        public Result {
            if (output == null) {
                throw new IllegalArgumentException("output is null");
            }
        }
    }

    /**
     * Runs {@code command} to completion, whatever its exit code (for clean-up steps and probes). The
     * output goes through a file: a command that leaves a child behind holding a pipe cannot hang us.
     */
    public static Result run(List<String> command) throws IOException {
        Path log = Files.createTempFile("px-cmd", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    throw new IOException(
                            String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IOException("interrupted: " + String.join(" ", command), e);
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    public static Result run(String... command) throws IOException {
        return run(List.of(command));
    }

    /** Runs {@code command}; fails with its output when it exits non-zero. Returns its output. */
    public static String ok(List<String> command) throws IOException {
        Result result = run(command);
        if (result.exit() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + result.exit() + ": " + result.output());
        }
        return result.output();
    }

    public static String ok(String... command) throws IOException {
        return ok(List.of(command));
    }

    /** Whether {@code name} is an executable on the PATH or in the sbin directories. */
    public static boolean onPath(String name) {
        return find(name) != null;
    }

    /** The absolute path of {@code name} on the PATH or in the sbin directories, or null. */
    public static String find(String name) {
        String path = System.getenv("PATH");
        String dirs = (path == null ? "" : path + File.pathSeparator) + SBIN;
        for (String dir : dirs.split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (!dir.isEmpty() && candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        return null;
    }
}
