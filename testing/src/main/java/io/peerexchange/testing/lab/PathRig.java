package io.peerexchange.testing.lab;

import io.peerexchange.testing.agent.AgentProcess;
import io.peerexchange.testing.netns.NatLab;
import io.peerexchange.testing.netns.Topology;
import io.peerexchange.testing.process.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link NatLab} with the reference control plane running inside its "internet" (a process:
 * the test's own JVM cannot reach the lab's addresses) and, once {@link #startAgents()} is called,
 * one agent per peer ({@code java -jar} of the system property {@code peerexchange.jar}, as
 * {@link AgentProcess#viaJava()} starts it) writing into that peer's wireguard-go. Agents log in
 * text; {@link #pathKind(int)} reads the kind of the path an agent chose from its {@code
 * component=paths} line. Closing it stops everything and removes the lab.
 */
public final class PathRig implements AutoCloseable {
    public static final int CONTROL_PLANE_PORT = 8080;
    /** The agents' rediscovery interval, as in the shell lab. */
    public static final String REFRESH = "10s";
    /** The control plane's class; it runs from {@link Builder#controlPlaneClasspath(String)}. */
    public static final String CONTROL_PLANE_MAIN = "io.peerexchange.devtools.controlplane.ReferenceControlPlane";
    /** The environment variable of the agent's {@code connectivity_checks} key. */
    public static final String CONNECTIVITY_CHECKS_ENV = "PEEREXCHANGE_CONNECTIVITY_CHECKS";

    private static final long CONTROL_PLANE_START_MILLIS = 20_000;
    private static final long LAUNCHER_WARM_SECONDS = 60;
    /** The message of the agent's line naming the nominated pair. */
    public static final String PATH_CHOSEN = "path chosen";

    private static final Pattern KIND = Pattern.compile("\\b(?:path_kind|pair_kind|kind)=\"?([a-z_]+)");

    private static final Pattern TIME = Pattern.compile("\\btime=(\\S+)");
    private static final Pattern MSG = Pattern.compile("\\bmsg=\"([^\"]*)\"");
    private static final List<String> MILESTONES = List.of(
            "agent starting",
            "connectivity checks ready",
            "event stream connected",
            "discovered public endpoint",
            "endpoint report",
            "connectivity checks",
            "peer-reflexive",
            PATH_CHOSEN,
            "path lost",
            "path stalled",
            "peer endpoint");

    private final NatLab lab;
    private final Builder options;
    private final Path work;
    private final Process controlPlane;
    private final AgentProcess[] agents = new AgentProcess[2];

    private PathRig(NatLab lab, Builder options, Path work, Process controlPlane) {
        this.lab = lab;
        this.options = options;
        this.work = work;
        this.controlPlane = controlPlane;
    }

    public static Builder builder(String prefix) {
        return new Builder(prefix);
    }

    /** How to build one rig. */
    public static final class Builder {
        private final String prefix;
        private Topology topology = Topology.TWO_NATS;
        private final int[] keepalive = {0, 0};
        private boolean connectivityChecks = true;
        private String relay;
        private String refresh = REFRESH;
        private String controlPlaneClasspath = System.getProperty("java.class.path");

        private Builder(String prefix) {
            this.prefix = prefix;
        }

        public Builder topology(Topology shape) {
            this.topology = shape;
            return this;
        }

        /** Persistent keepalive of peer 1's or 2's WireGuard (default off), set just before the agents start. */
        public Builder keepalive(int peer, int seconds) {
            keepalive[peer - 1] = seconds;
            return this;
        }

        /** {@code false}: both agents run with {@code connectivity_checks: false} (the behaviour before candidates). */
        public Builder connectivityChecks(boolean on) {
            this.connectivityChecks = on;
            return this;
        }

        /**
         * A TURN server in the lab's internet ({@link NatLab.Builder#withTurn()}) and both agents
         * with {@code relay: mode}, {@code turn_servers}, {@code turn_username} and {@code
         * turn_password_file}.
         */
        public Builder relay(String mode) {
            this.relay = mode;
            return this;
        }

        /** Both agents' {@code refresh_interval} (default {@value PathRig#REFRESH}). */
        public Builder refreshInterval(String interval) {
            this.refresh = interval;
            return this;
        }

        /** Where {@value #CONTROL_PLANE_MAIN} and its libraries are (default: this JVM's class path). */
        public Builder controlPlaneClasspath(String classpath) {
            this.controlPlaneClasspath = classpath;
            return this;
        }

        public boolean connectivityChecksOn() {
            return connectivityChecks;
        }

        /** Builds the lab, WireGuard up, and starts the control plane; the agents wait for {@link #startAgents()}. */
        public PathRig start() throws IOException, InterruptedException {
            // Keepalives are turned on by startAgents(): WireGuard then tries its first handshake.
            NatLab.Builder labOptions = NatLab.builder(prefix).topology(topology);
            if (relay != null) {
                labOptions.withTurn();
            }
            NatLab lab = labOptions.start();
            Process controlPlane = null;
            try {
                Path work = lab.directory();
                Files.writeString(work.resolve("nodes.json"), nodes(lab));
                controlPlane = new ProcessBuilder(List.of(
                                "ip",
                                "netns",
                                "exec",
                                lab.inet(),
                                javaBinary(),
                                "-XX:TieredStopAtLevel=1",
                                "-XX:+UseSerialGC",
                                "-cp",
                                controlPlaneClasspath,
                                CONTROL_PLANE_MAIN,
                                "--listen",
                                NatLab.CONTROL_PLANE_ADDRESS + ":" + CONTROL_PLANE_PORT,
                                "--nodes",
                                work.resolve("nodes.json").toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(work.resolve("control-plane.log").toFile())
                        .start();
                PathRig rig = new PathRig(lab, this, work, controlPlane);
                rig.awaitControlPlane();
                warmLauncher();
                return rig;
            } catch (IOException | InterruptedException | RuntimeException e) {
                if (controlPlane != null) {
                    Processes.stop(controlPlane);
                }
                lab.close();
                throw e;
            }
        }
    }

    /**
     * Runs the launcher once before anything is timed: its first start dumps the class-data archive
     * (seconds), every later one maps it, as an installed agent's starts do.
     */
    private static void warmLauncher() throws IOException, InterruptedException {
        Path launcher = AgentProcess.launcher();
        ProcessBuilder builder = new ProcessBuilder("sh", launcher.toString(), "version")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PEEREXCHANGE_JAR", AgentProcess.jar().toString());
        Process version = builder.start();
        if (!version.waitFor(LAUNCHER_WARM_SECONDS, TimeUnit.SECONDS)) {
            Processes.stop(version);
            throw new IOException(launcher + " version did not finish within " + LAUNCHER_WARM_SECONDS + " s");
        }
        if (version.exitValue() != 0) {
            throw new IOException(launcher + " version exited with " + version.exitValue());
        }
    }

    private static String nodes(NatLab lab) throws IOException {
        StringBuilder json = new StringBuilder("{\"nodes\":[");
        for (int peer = 1; peer <= 2; peer++) {
            String mesh = peer == 1 ? NatLab.MESH_1 : NatLab.MESH_2;
            json.append(peer == 1 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(node(peer))
                    .append("\",\"token\":\"")
                    .append(token(lab, peer))
                    .append("\",\"public_key\":\"")
                    .append(lab.publicKey(peer))
                    .append("\",\"mesh_ip\":\"")
                    .append(mesh)
                    .append("\",\"allowed_ips\":[\"")
                    .append(mesh)
                    .append("/32\"]}");
        }
        return json.append("]}").toString();
    }

    /** The control-plane token of a peer's node, in a file of the lab (it never reaches a log). */
    private static String token(NatLab lab, int peer) throws IOException {
        Path file = lab.directory().resolve("token-" + peer);
        if (!Files.exists(file)) {
            byte[] random = new byte[24];
            ThreadLocalRandom.current().nextBytes(random);
            Files.writeString(file, HexFormat.of().formatHex(random) + "\n");
        }
        return Files.readString(file).strip();
    }

    /** Node ids: {@code a} for peer 1, {@code b} for peer 2. */
    public static String node(int peer) {
        return peer == 1 ? "a" : "b";
    }

    private void awaitControlPlane() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONTROL_PLANE_START_MILLIS);
        // A JVM may bind its IPv4 listener as an IPv6 socket: ss shows [::ffff:203.0.113.1]:8080 then.
        Pattern listening = Pattern.compile(
                "[\\s:\\[]" + Pattern.quote(NatLab.CONTROL_PLANE_ADDRESS) + "]?:" + CONTROL_PLANE_PORT + "\\s");
        while (!listening
                .matcher(NatLab.inNamespace(lab.inet(), "ss", "-H", "-ltn"))
                .find()) {
            if (System.nanoTime() > deadline || !controlPlane.isAlive()) {
                throw new IOException("the control plane did not listen on " + NatLab.CONTROL_PLANE_ADDRESS + ":"
                        + CONTROL_PLANE_PORT + ": " + Processes.read(work.resolve("control-plane.log")));
            }
            Thread.sleep(50);
        }
    }

    public NatLab lab() {
        return lab;
    }

    public boolean connectivityChecks() {
        return options.connectivityChecks;
    }

    /**
     * Turns on the WireGuards' keepalives (each sends a first handshake attempt at once, which fails
     * without an endpoint), then starts both agents, peer 1's first; answers the epoch milliseconds
     * just before the first agent's start.
     */
    public long startAgents() throws IOException {
        for (int peer = 1; peer <= 2; peer++) {
            if (options.keepalive[peer - 1] > 0) {
                lab.wireGuard(peer)
                        .wg(
                                "set",
                                lab.wgInterface(peer),
                                "peer",
                                lab.publicKey(3 - peer),
                                "persistent-keepalive",
                                Integer.toString(options.keepalive[peer - 1]));
            }
        }
        long start = System.currentTimeMillis();
        for (int peer = 1; peer <= 2; peer++) {
            agents[peer - 1] = startAgent(peer);
        }
        return start;
    }

    private AgentProcess startAgent(int peer) throws IOException {
        Path tokenFile = lab.directory().resolve("token-" + peer);
        List<String> args = new ArrayList<>(List.of(
                "--node-id",
                node(peer),
                "--control-plane-url",
                "http://" + NatLab.CONTROL_PLANE_ADDRESS + ":" + CONTROL_PLANE_PORT,
                "--allow-http",
                "--token-file",
                tokenFile.toString(),
                "--interface",
                lab.wgInterface(peer),
                "--listen-port",
                Integer.toString(NatLab.WG_PORT),
                "--wg-backend",
                "uapi",
                "--refresh-interval",
                options.refresh,
                "--log-format",
                "text"));
        for (String server : lab.stunServers()) {
            args.addAll(List.of("--stun-server", server));
        }
        if (options.relay != null) {
            Path password = lab.directory().resolve("turn-password");
            Files.writeString(password, NatLab.TURN_PASSWORD + "\n");
            args.addAll(List.of(
                    "--relay",
                    options.relay,
                    "--turn-server",
                    lab.turnServer(),
                    "--turn-username",
                    NatLab.TURN_USER,
                    "--turn-password-file",
                    password.toString()));
        }
        Map<String, String> env = new HashMap<>();
        if (!options.connectivityChecks) {
            env.put(CONNECTIVITY_CHECKS_ENV, "false");
        }
        // The shipped launcher, as an installed agent starts: its JVM flags and class-data archive are
        // most of how soon the agent reports, so the time to tunnel is measured with them.
        return AgentProcess.viaLauncher()
                .behind(List.of("ip", "netns", "exec", lab.peer(peer)))
                .env(env)
                .outputIn(work)
                .closeGrace(5)
                .sampled()
                .start(args);
    }

    public AgentProcess agent(int peer) {
        return agents[peer - 1];
    }

    /** Pings the other peer's mesh address across the tunnel from peer {@code peer}'s namespace, from now on. */
    public TunnelPing ping(int peer) throws IOException {
        return TunnelPing.start(lab.peer(peer), peer == 1 ? NatLab.MESH_2 : NatLab.MESH_1);
    }

    /** As {@link #ping(int)}, one ping every {@code interval} seconds. */
    public TunnelPing ping(int peer, String interval) throws IOException {
        return TunnelPing.start(lab.peer(peer), peer == 1 ? NatLab.MESH_2 : NatLab.MESH_1, interval);
    }

    /** The agent's last {@code component=paths} log line, if any. */
    public Optional<String> pathLine(int peer) {
        List<String> lines = agent(peer).logLines("component=paths");
        return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1));
    }

    /** The path kind in the agent's last {@code component=paths} "path chosen" line (else any that names one). */
    public Optional<String> pathKind(int peer) {
        List<String> lines = agent(peer).logLines("component=paths", PATH_CHOSEN);
        if (lines.isEmpty()) {
            lines = agent(peer).logLines("component=paths");
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher kind = KIND.matcher(lines.get(i));
            if (kind.find()) {
                return Optional.of(kind.group(1));
            }
        }
        return Optional.empty();
    }

    /**
     * Each agent's milestones toward the tunnel (start, event stream, discovery, checks, choice,
     * endpoint writes), as milliseconds since {@code start}, the epoch milliseconds {@link #startAgents}
     * answered.
     */
    public String timeline(long start) {
        return timeline(start, (line, msg) -> MILESTONES.stream().anyMatch(msg::startsWith));
    }

    /**
     * Each agent's log lines from {@code start} on that {@code include} takes (given the whole line and
     * its message), as milliseconds since {@code start} (epoch milliseconds).
     */
    public String timeline(long start, BiPredicate<String, String> include) {
        StringBuilder text = new StringBuilder();
        for (int peer = 1; peer <= 2; peer++) {
            if (agents[peer - 1] == null) {
                continue;
            }
            for (String line : agents[peer - 1].stderr().lines().toList()) {
                Matcher time = TIME.matcher(line);
                Matcher msg = MSG.matcher(line);
                if (time.find() && msg.find() && include.test(line, msg.group(1))) {
                    long at = Instant.parse(time.group(1)).toEpochMilli() - start;
                    if (at >= 0) {
                        text.append("  +%5d ms %s: %s%n".formatted(at, node(peer), line.substring(msg.start())));
                    }
                }
            }
        }
        return text.toString();
    }

    /** What a failed assertion shows: each WireGuard's view, the routers' rules and mappings, the logs' tails. */
    public String diagnostics() {
        StringBuilder text = new StringBuilder();
        for (int peer = 1; peer <= 2; peer++) {
            text.append("== wg ").append(lab.wgInterface(peer)).append('\n');
            try {
                text.append(lab.wireGuard(peer).peerDump()).append('\n');
            } catch (RuntimeException e) {
                text.append(e.getMessage()).append('\n');
            }
            if (agents[peer - 1] != null) {
                text.append("== agent ").append(node(peer)).append(": its paths and endpoint updates\n");
                agents[peer - 1]
                        .stderr()
                        .lines()
                        .filter(line -> line.contains("component=paths") || line.contains("peer endpoint updated"))
                        .forEach(line -> text.append(line).append('\n'));
                text.append("== agent ").append(node(peer)).append(" (last 40 lines)\n");
                List<String> lines = agents[peer - 1].stderr().lines().toList();
                lines.subList(Math.max(0, lines.size() - 40), lines.size())
                        .forEach(line -> text.append(line).append('\n'));
            }
        }
        for (String router : List.of(lab.routerOf(1), lab.routerOf(2))) {
            if (router.equals(lab.peer(1))) {
                continue;
            }
            try {
                text.append("== ").append(router).append('\n');
                text.append(NatLab.inNamespace(router, "iptables", "-t", "nat", "-S", "POSTROUTING"));
                text.append(NatLab.inNamespace(router, "conntrack", "-L", "-p", "udp"));
            } catch (IOException e) {
                text.append(e.getMessage()).append('\n');
            }
        }
        text.append("== control plane\n").append(Processes.read(work.resolve("control-plane.log")));
        return text.toString();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws IOException {
        try {
            for (AgentProcess agent : agents) {
                if (agent != null) {
                    agent.close();
                }
            }
            Processes.stop(controlPlane);
        } finally {
            lab.close();
        }
    }
}
