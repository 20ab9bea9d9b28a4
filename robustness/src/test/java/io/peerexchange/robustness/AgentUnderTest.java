package io.peerexchange.robustness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The packaged agent, started through its launcher ({@code bootstrap/bin/peerexchange}: -Xmx64m,
 * serial GC, exit on OOM) exactly as systemd would, with stdout and stderr captured. A sampler reads
 * {@code /proc/<pid>/status} four times a second so the suites can assert that threads and resident
 * memory stay bounded through every fault.
 */
final class AgentUnderTest implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "pxr-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private volatile int threads;
    private volatile long rssKb;
    private volatile int maxThreads;
    private volatile long maxRssKb;

    private AgentUnderTest(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        sampler.scheduleAtFixedRate(this::sample, 0, 250, TimeUnit.MILLISECONDS);
    }

    static AgentUnderTest start(Path dir, Map<String, String> env, List<String> args) throws IOException {
        String launcher = System.getProperty("peerexchange.launcher", "../bootstrap/bin/peerexchange");
        String jar = System.getProperty("peerexchange.jar", "../bootstrap/target/peerexchange.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(jar + " is missing: build bootstrap first (mvn -pl bootstrap package)");
        }
        List<String> command = new ArrayList<>();
        command.add("sh");
        command.add(launcher);
        command.add("run");
        command.addAll(args);
        Path out = Files.createTempFile(dir, "agent-", ".out");
        Path err = Files.createTempFile(dir, "agent-", ".err");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PEEREXCHANGE_"));
        builder.environment()
                .put("PEEREXCHANGE_JAR", Path.of(jar).toAbsolutePath().toString());
        builder.environment().putAll(env);
        return new AgentUnderTest(builder.start(), out, err);
    }

    private void sample() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring(8).trim());
                    maxThreads = Math.max(maxThreads, threads);
                } else if (line.startsWith("VmRSS:")) {
                    rssKb = Long.parseLong(line.substring(6).replace("kB", "").trim());
                    maxRssKb = Math.max(maxRssKb, rssKb);
                }
            }
        } catch (IOException | RuntimeException gone) {
            // The process has exited; isAlive() tells the tests.
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int threads() {
        return threads;
    }

    long rssKb() {
        return rssKb;
    }

    int maxThreads() {
        return maxThreads;
    }

    long maxRssKb() {
        return maxRssKb;
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /** Log lines (stderr) that contain every one of {@code parts}. */
    List<String> logLines(String... parts) {
        return stderr().lines()
                .filter(line -> {
                    for (String part : parts) {
                        if (!line.contains(part)) {
                            return false;
                        }
                    }
                    return true;
                })
                .toList();
    }

    /** SIGTERM and the exit code (or -1 when it did not exit within 10 s). */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            return -1;
        }
        return process.exitValue();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<unreadable: " + e + ">";
        }
    }

    @Override
    public void close() throws InterruptedException {
        sampler.shutdownNow();
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
