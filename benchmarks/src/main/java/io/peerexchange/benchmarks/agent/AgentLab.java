package io.peerexchange.benchmarks.agent;

import io.peerexchange.benchmarks.results.Commands;
import io.peerexchange.devtools.controlplane.NodeDefinition;
import io.peerexchange.devtools.controlplane.ReferenceControlPlane;
import io.peerexchange.testing.wireguard.WireGuardGo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's surroundings on one machine: the reference control plane in this JVM with two
 * nodes ({@code bench-a} is the agent, {@code bench-b} the peer whose endpoint changes), a
 * wireguard-go {@code pxb1} in namespace {@code pxb-agent} holding {@code bench-b} as a peer
 * (root only), and coturn on 127.0.0.1 (started by run-benchmarks.sh).
 */
final class AgentLab implements AutoCloseable {
    static final String AGENT = "bench-a";
    static final String PEER = "bench-b";
    static final String IFNAME = "pxb1";
    static final int LISTEN_PORT = 34850;
    /** bench-b's WireGuard public key: 32 bytes of 0x0b. */
    static final String PEER_KEY = Base64.getEncoder().encodeToString(filled(0x0b));

    private static final String AGENT_KEY = Base64.getEncoder().encodeToString(filled(0x0a));

    private final ReferenceControlPlane controlPlane;
    private final ControlPlaneLog log;
    private final Optional<WireGuardGo> wireGuard;
    private final Path directory;
    private final Path agentJar;
    private final Path launcher;
    private final int stunPort;

    private AgentLab(
            ReferenceControlPlane controlPlane,
            ControlPlaneLog log,
            Optional<WireGuardGo> wireGuard,
            Path directory,
            Path agentJar,
            Path launcher,
            int stunPort) {
        this.controlPlane = controlPlane;
        this.log = log;
        this.wireGuard = wireGuard;
        this.directory = directory;
        this.agentJar = agentJar;
        this.launcher = launcher;
        this.stunPort = stunPort;
    }

    /** Starts the control plane and, when root, wireguard-go with bench-b as a peer. */
    static AgentLab start(Path agentJar, Path launcher, int stunPort) throws IOException, InterruptedException {
        if (!Files.isRegularFile(agentJar)) {
            throw new IOException(agentJar + " not found: build bootstrap first (run-benchmarks.sh does)");
        }
        Path directory = Files.createTempDirectory("pxb-agent");
        Files.writeString(directory.resolve("token-a"), "token-" + AGENT + "\n");
        Files.setPosixFilePermissions(directory.resolve("token-a"), PosixFilePermissions.fromString("rw-------"));
        // Without TCP_NODELAY the JDK server's small SSE writes wait for delayed ACKs: ~40 ms on every
        // event for any client (measured: 47 ms median for the agent and the shell alike).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        ControlPlaneLog log = ControlPlaneLog.attach();
        ReferenceControlPlane controlPlane = new ReferenceControlPlane(
                new InetSocketAddress("127.0.0.1", 0),
                List.of(
                        new NodeDefinition(AGENT, "token-" + AGENT, AGENT_KEY, "10.99.0.1", List.of("10.99.0.1/32")),
                        new NodeDefinition(PEER, "token-" + PEER, PEER_KEY, "10.99.0.2", List.of("10.99.0.2/32"))),
                Optional.empty(),
                Duration.ofSeconds(15),
                256);
        controlPlane.start();
        Optional<WireGuardGo> wireGuard = Optional.empty();
        try {
            if (Commands.isRoot()) {
                WireGuardGo wg = WireGuardGo.named(IFNAME)
                        .inFreshNamespace("pxb-agent")
                        .withoutPrivateKey()
                        .start();
                wireGuard = Optional.of(wg);
                Path key = directory.resolve("wg.key");
                Files.write(key, (Base64.getEncoder().encodeToString(filled(0x2a)) + "\n").getBytes());
                Commands.require(
                        "wg",
                        "set",
                        IFNAME,
                        "private-key",
                        key.toString(),
                        "listen-port",
                        Integer.toString(LISTEN_PORT),
                        "peer",
                        PEER_KEY,
                        "allowed-ips",
                        "10.99.0.2/32",
                        "endpoint",
                        "198.51.100.1:1");
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            controlPlane.close();
            if (wireGuard.isPresent()) {
                try {
                    wireGuard.get().close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return new AgentLab(controlPlane, log, wireGuard, directory, agentJar, launcher, stunPort);
    }

    boolean hasWireGuard() {
        return wireGuard.isPresent();
    }

    int controlPlanePort() {
        return controlPlane.address().getPort();
    }

    ControlPlaneLog log() {
        return log;
    }

    Path directory() {
        return directory;
    }

    /** The agent's {@code run} arguments (after the jar or launcher). */
    List<String> runArguments() {
        return runArguments("warn", List.of());
    }

    /** The agent's {@code run} arguments at {@code logLevel}, {@code extra} appended. */
    List<String> runArguments(String logLevel, List<String> extra) {
        List<String> arguments = new ArrayList<>(List.of(
                "run",
                "--control-plane-url",
                "http://127.0.0.1:" + controlPlanePort(),
                "--allow-http",
                "--node-id",
                AGENT,
                "--token-file",
                directory.resolve("token-a").toString(),
                "--interface",
                IFNAME,
                "--listen-port",
                Integer.toString(LISTEN_PORT),
                "--wg-backend",
                "uapi",
                "--stun-server",
                "127.0.0.1:" + stunPort,
                "--log-level",
                logLevel));
        arguments.addAll(extra);
        return arguments;
    }

    /** The agent through bootstrap/bin/peerexchange, {@code extraJavaOpts} in PEEREXCHANGE_JAVA_OPTS. */
    ProcessBuilder viaLauncher(String extraJavaOpts) {
        return viaLauncher(extraJavaOpts, Map.of());
    }

    /** The agent through the launcher, with more environment variables. */
    ProcessBuilder viaLauncher(String extraJavaOpts, Map<String, String> extraEnv) {
        return viaLauncher(extraJavaOpts, extraEnv, runArguments());
    }

    /** The agent through the launcher with these {@code run} arguments ({@link #runArguments(String, List)}). */
    ProcessBuilder viaLauncher(String extraJavaOpts, Map<String, String> extraEnv, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("PEEREXCHANGE_JAR", agentJar.toString());
        env.put("PEEREXCHANGE_JAVA_OPTS", extraJavaOpts);
        env.put("PEEREXCHANGE_CACHE_DIR", cdsCache().toString());
        env.putAll(extraEnv);
        return quiet(builder);
    }

    /** The agent's output so far (every start appends to one file). */
    String agentLog() throws IOException {
        return Files.readString(directory.resolve("agent.log"));
    }

    /** Where the launcher keeps its class-data archive during the run: the lab's own directory. */
    Path cdsCache() {
        return directory().resolve("cds-cache");
    }

    /**
     * Builds the launcher's class-data archive the way a first start does ({@code version} is enough:
     * the launcher dumps the archive before it starts the agent) and returns how long that start took.
     */
    long primeLauncherArchive() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "version");
        builder.environment().put("PEEREXCHANGE_JAR", agentJar.toString());
        builder.environment().put("PEEREXCHANGE_CACHE_DIR", cdsCache().toString());
        long start = System.nanoTime();
        Process process = quiet(builder).start();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("the launcher's first start (class-data archive dump) failed");
        }
        return java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** The agent as {@code java FLAGS -jar peerexchange.jar run …}. */
    ProcessBuilder viaJava(List<String> jvmFlags) {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", agentJar.toString()));
        command.addAll(runArguments());
        return quiet(new ProcessBuilder(command));
    }

    /** What a launcher command line looks like in the report. */
    String launcherCommandText(String extraJavaOpts) {
        return (extraJavaOpts.isEmpty() ? "" : "PEEREXCHANGE_JAVA_OPTS='" + extraJavaOpts + "' ")
                + "bootstrap/bin/peerexchange run --control-plane-url http://127.0.0.1:PORT --allow-http --node-id "
                + AGENT + " --token-file FILE --interface " + IFNAME + " --listen-port " + LISTEN_PORT
                + " --wg-backend uapi --stun-server 127.0.0.1:" + stunPort + " --log-level warn";
    }

    private ProcessBuilder quiet(ProcessBuilder builder) {
        return builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        directory.resolve("agent.log").toFile()));
    }

    @Override
    public void close() throws IOException {
        controlPlane.close();
        if (wireGuard.isPresent()) {
            wireGuard.get().close();
        }
        try (var files = Files.walk(directory)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
