package io.peerexchange.testing.agent;

import io.peerexchange.testing.process.Processes;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent as a separate process, the way operators run it: either {@code java -jar
 * peerexchange.jar} (the shaded jar the build just made, or the test class path when the jar is
 * not there: an IDE run), or through its launcher {@code bootstrap/bin/peerexchange} (-Xmx64m,
 * serial GC, exit on OOM) exactly as systemd would. The caller's {@code PEEREXCHANGE_*} variables
 * are not inherited. Output goes to files so the test can read everything the process ever wrote.
 * Optionally a sampler reads {@code /proc/<pid>/status} four times a second, so that a suite can
 * assert that threads and resident memory stay bounded.
 */
public final class AgentProcess implements AutoCloseable {
    /** The agent's entry point for a class-path start. */
    public static final String MAIN_CLASS = "io.peerexchange.bootstrap.Main";

    private static final long SAMPLE_MILLIS = 250;

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final boolean keepOutput;
    private final long closeGraceSeconds;
    private final ScheduledExecutorService sampler;
    private volatile int threads;
    private volatile long rssKb;
    private volatile int maxThreads;
    private volatile long maxRssKb;

    private AgentProcess(Process process, Path stdout, Path stderr, Builder builder) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.keepOutput = builder.outputDirectory != null;
        this.closeGraceSeconds = builder.closeGraceSeconds;
        if (builder.sampled) {
            sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "px-agent-sampler");
                thread.setDaemon(true);
                return thread;
            });
            sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            sampler = null;
        }
    }

    /** {@code java -jar} the jar in system property {@code peerexchange.jar}, else the test class path. */
    public static Builder viaJava() {
        return new Builder(null);
    }

    /**
     * Through the launcher in system property {@code peerexchange.launcher} (default {@code
     * ../bootstrap/bin/peerexchange}) with the jar in {@code peerexchange.jar} (default {@code
     * ../bootstrap/target/peerexchange.jar}), which must have been built.
     */
    public static Builder viaLauncher() {
        Builder builder = new Builder(launcher());
        builder.jar = jar();
        return builder;
    }

    /** The launcher {@link #viaLauncher()} runs; fails when it is not there (a harness started elsewhere). */
    public static Path launcher() {
        Path launcher = Path.of(System.getProperty("peerexchange.launcher", "../bootstrap/bin/peerexchange"));
        if (!Files.isRegularFile(launcher)) {
            throw new IllegalStateException(launcher.toAbsolutePath()
                    + " is missing: set the system property peerexchange.launcher to bootstrap/bin/peerexchange");
        }
        return launcher.toAbsolutePath();
    }

    /** The jar {@link #viaLauncher()} runs; fails when it has not been built. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("peerexchange.jar", "../bootstrap/target/peerexchange.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build bootstrap first (mvn -pl bootstrap package)");
        }
        return jar.toAbsolutePath();
    }

    /** {@code java -jar} (see {@link #viaJava()}) with {@code env} and {@code args}. */
    public static AgentProcess start(Map<String, String> env, String... args) throws IOException {
        return viaJava().env(env).start(List.of(args));
    }

    /** As {@link #start(Map, String...)}, with more JVM flags. */
    public static AgentProcess start(List<String> jvmFlags, Map<String, String> env, String... args)
            throws IOException {
        return viaJava().jvmFlags(jvmFlags).env(env).start(List.of(args));
    }

    /** How to start the agent. */
    public static final class Builder {
        private final Path launcher;
        private Path jar;
        private List<String> jvmFlags = List.of();
        private Map<String, String> env = Map.of();
        private List<String> prefix = List.of();
        private Path outputDirectory;
        private boolean sampled;
        private long closeGraceSeconds;

        private Builder(Path launcher) {
            this.launcher = launcher;
        }

        /** More JVM flags (a {@link #viaJava()} start). */
        public Builder jvmFlags(List<String> flags) {
            this.jvmFlags = List.copyOf(flags);
            return this;
        }

        /** Runs the agent behind {@code command}, e.g. {@code ip netns exec pxm-p1} to start it in a lab namespace. */
        public Builder behind(List<String> command) {
            this.prefix = List.copyOf(command);
            return this;
        }

        public Builder env(Map<String, String> variables) {
            this.env = Map.copyOf(variables);
            return this;
        }

        /** stdout and stderr in files of {@code directory}, kept after {@link #close()} as evidence. */
        public Builder outputIn(Path directory) {
            this.outputDirectory = directory;
            return this;
        }

        /** Sample threads and resident memory while it runs. */
        public Builder sampled() {
            this.sampled = true;
            return this;
        }

        /** {@link #close()} sends SIGTERM and waits this long before SIGKILL (default: SIGKILL at once). */
        public Builder closeGrace(long seconds) {
            this.closeGraceSeconds = seconds;
            return this;
        }

        /** Starts the agent with {@code args} (for the launcher: after {@code run}, which it adds). */
        public AgentProcess start(List<String> args) throws IOException {
            List<String> command = new ArrayList<>(prefix);
            if (launcher != null) {
                command.addAll(List.of("sh", launcher.toString(), "run"));
            } else {
                command.add(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
                // Quick start, small footprint: these runs are about behaviour, not throughput.
                command.add("-XX:TieredStopAtLevel=1");
                command.add("-XX:+UseSerialGC");
                command.addAll(jvmFlags);
                String built = System.getProperty("peerexchange.jar");
                if (built != null && new File(built).isFile()) {
                    command.add("-jar");
                    command.add(built);
                } else {
                    command.add("-cp");
                    command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
                    command.add(MAIN_CLASS);
                }
            }
            command.addAll(args);
            Path out = outputDirectory == null
                    ? Files.createTempFile("px-agent-", ".out")
                    : Files.createTempFile(outputDirectory, "agent-", ".out");
            Path err = outputDirectory == null
                    ? Files.createTempFile("px-agent-", ".err")
                    : Files.createTempFile(outputDirectory, "agent-", ".err");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("PEEREXCHANGE_"));
            if (jar != null) {
                builder.environment().put("PEEREXCHANGE_JAR", jar.toString());
            }
            builder.environment().putAll(env);
            return new AgentProcess(builder.start(), out, err, this);
        }
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

    /** Runs to completion (at most {@code seconds}) and returns the exit code. */
    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("agent did not exit within " + seconds + " s; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** The agent's process id, for signals the JDK cannot send (SIGHUP). */
    public long pid() {
        return process.pid();
    }

    /** SIGTERM, as systemd sends it. */
    public void terminate() {
        process.destroy();
    }

    /** SIGTERM and the exit code, or -1 when it did not exit within {@code seconds}. */
    public int stop(long seconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return -1;
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int threads() {
        return threads;
    }

    public long rssKb() {
        return rssKb;
    }

    public int maxThreads() {
        return maxThreads;
    }

    public long maxRssKb() {
        return maxRssKb;
    }

    public String stdout() {
        return Processes.read(stdout);
    }

    public String stderr() {
        return Processes.read(stderr);
    }

    /** Log lines (stderr) that contain every one of {@code parts}. */
    public List<String> logLines(String... parts) {
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

    @Override
    public void close() throws IOException {
        if (sampler != null) {
            sampler.shutdownNow();
        }
        if (closeGraceSeconds > 0) {
            Processes.stop(process, closeGraceSeconds);
        } else if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(Processes.GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!keepOutput) {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
