package io.peerexchange.bootstrap.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent as a separate JVM, the way operators run it: {@code java -jar target/peerexchange.jar}
 * (the shaded jar the build just made), or the test class path when the jar is not there (an IDE
 * run). Output goes to files so the test can read everything the process ever wrote.
 */
public final class AgentProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private AgentProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static AgentProcess start(Map<String, String> env, String... args) throws IOException {
        return start(List.of(), env, args);
    }

    /** As {@link #start(Map, String...)}, with more JVM flags. */
    public static AgentProcess start(List<String> jvmFlags, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.addAll(jvmFlags);
        String jar = System.getProperty("peerexchange.jar");
        if (jar != null && new File(jar).isFile()) {
            command.add("-jar");
            command.add(jar);
        } else {
            command.add("-cp");
            command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
            command.add("io.peerexchange.bootstrap.Main");
        }
        command.addAll(List.of(args));
        Path out = Files.createTempFile("pxb-agent-", ".out");
        Path err = Files.createTempFile("pxb-agent-", ".err");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PEEREXCHANGE_"));
        builder.environment().putAll(env);
        return new AgentProcess(builder.start(), out, err);
    }

    /** Runs to completion (at most {@code seconds}) and returns the exit code. */
    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("agent did not exit within " + seconds + " s; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** SIGTERM, as systemd sends it. */
    public void terminate() {
        process.destroy();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e + ">";
        }
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
    }
}
