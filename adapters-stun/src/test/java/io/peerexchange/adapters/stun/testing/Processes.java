package io.peerexchange.adapters.stun.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the external commands the lab tests need (ip, iptables, wg), failing loudly with their output. */
public final class Processes {
    private Processes() {}

    /** Runs {@code command} to completion within 30 s; fails when it exits non-zero. Returns its output. */
    public static String run(String... command) throws IOException, InterruptedException {
        Result result = exec(command);
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + result.exitCode() + ": " + result.output());
        }
        return result.output();
    }

    /** Runs {@code command}, whatever its exit code (for clean-up steps). */
    public static Result exec(String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("pxs-cmd", ".log");
        try {
            Process process = new ProcessBuilder(List.of(command))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IOException(String.join(" ", command) + " did not finish within 30 s");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Stops a process we started: politely, then forcibly. */
    public static void stop(Process process) throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    public record Result(int exitCode, String output) {}
}
