package io.peerexchange.benchmarks.results;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external commands (wg, ip, turnutils_stunclient) and reports failures with their output. */
public final class Commands {
    private Commands() {}

    /** Runs {@code command}; empty string on exit 0, otherwise the exit code and output. */
    public static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out: " + String.join(" ", command.subList(0, Math.min(3, command.size())));
        }
        return p.exitValue() == 0 ? "" : "exit " + p.exitValue() + ": " + out.strip();
    }

    public static String run(String... command) throws IOException, InterruptedException {
        return run(List.of(command));
    }

    /** Like {@link #run(List)} but fails when the command fails. */
    public static void require(String... command) throws IOException, InterruptedException {
        String error = run(command);
        if (!error.isEmpty()) {
            throw new IOException(String.join(" ", List.of(command).subList(0, Math.min(4, command.length)))
                    + " failed: " + error);
        }
    }

    /** Effective uid 0, read from {@code /proc/self/status} (the user name can lie). */
    public static boolean isRoot() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
