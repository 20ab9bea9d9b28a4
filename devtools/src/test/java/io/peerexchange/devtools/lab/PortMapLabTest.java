package io.peerexchange.devtools.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.testing.agent.AgentProcess;
import io.peerexchange.testing.env.Require;
import io.peerexchange.testing.miniupnpd.MiniUpnpd;
import io.peerexchange.testing.netns.NetworkNamespace;
import io.peerexchange.testing.netns.PortMapLab;
import io.peerexchange.testing.process.Commands;
import io.peerexchange.testing.process.Processes;
import io.peerexchange.testing.wireguard.WireGuardGo;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The port-mapping lab (docs/ARCHITECTURE.md#port-mapping-lab) with two real agents: peer A behind
 * a symmetric NAT whose router runs miniupnpd, peer B behind an endpoint-independent NAT that
 * filters. Only the gateway's mapping of A's WireGuard port lets a tunnel come up.
 */
class PortMapLabTest {
    private static final String PREFIX = "pxpm";
    private static final int CP_PORT = 8080;
    private static final String MAPPED = PortMapLab.ROUTER1_WAN + ":" + PortMapLab.WG_PORT;
    private static final long TUNNEL_SECONDS = 30;
    /** The lab's shortened renewal (the agent's lab-only override). */
    private static final Duration RENEWAL = Duration.ofSeconds(3);
    /** After the renewal that remaps: WireGuard's next handshake attempt and a ping. */
    private static final Duration HANDSHAKE_SLACK = Duration.ofSeconds(10);

    /** The agent's lab-only renewal override (PortMapModule.LAB_RENEWAL_PROPERTY in bootstrap). */
    private static final String LAB_RENEWAL_PROPERTY = "peerexchange.lab.portmap-renewal";

    private static final Pattern TIME = Pattern.compile("^time=(\\S+) ");

    private static PortMapLab lab;
    private static Process controlPlane;
    private static Path work;

    @BeforeAll
    static void startLab() throws Exception {
        Require.root("the port-mapping lab needs network namespaces, iptables-legacy, miniupnpd and wireguard-go");
        MiniUpnpd.requireAvailable();
        WireGuardGo.requireAvailable();
        Require.commands("turnserver", "conntrack", "ping");
        Path jar = Path.of(System.getProperty("peerexchange.jar", "../bootstrap/target/peerexchange.jar"));
        assertThat(jar).as("agent jar (package bootstrap first)").isRegularFile();
        lab = PortMapLab.start(PREFIX, true);
        work = lab.directory();
        String keyA = PortMapLab.publicKey(lab.wireGuardA());
        String keyB = PortMapLab.publicKey(lab.wireGuardB());
        Files.writeString(work.resolve("a.token"), "token-a-0123456789abcdef");
        Files.writeString(work.resolve("b.token"), "token-b-0123456789abcdef");
        Files.writeString(
                work.resolve("nodes.json"),
                "{\"nodes\":[{\"id\":\"a\",\"token\":\"token-a-0123456789abcdef\",\"public_key\":\"" + keyA
                        + "\",\"mesh_ip\":\"10.99.0.1\",\"allowed_ips\":[\"10.99.0.1/32\"]},"
                        + "{\"id\":\"b\",\"token\":\"token-b-0123456789abcdef\",\"public_key\":\"" + keyB
                        + "\",\"mesh_ip\":\"10.99.0.2\",\"allowed_ips\":[\"10.99.0.2/32\"]}]}");
        List<String> command = new ArrayList<>(lab.inet().exec());
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                controlPlaneClasspath(),
                "io.peerexchange.devtools.controlplane.ReferenceControlPlane",
                "--listen",
                PortMapLab.CONTROL_PLANE + ":" + CP_PORT,
                "--nodes",
                work.resolve("nodes.json").toString()));
        controlPlane = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("control-plane.log").toFile())
                .start();
        await(Duration.ofSeconds(30), () -> reported("a").isPresent() || nodesListed(), "the control plane");
    }

    @AfterAll
    static void stopLab() throws Exception {
        if (controlPlane != null) {
            Processes.stop(controlPlane);
        }
        if (lab != null) {
            lab.close();
        }
    }

    @BeforeEach
    void freshTunnel() throws Exception {
        lab.resetTunnel();
        assertThat(lab.miniupnpd().mappings())
                .as("miniupnpd's mappings before the test")
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pcp", "natpmp", "upnp"})
    void givenEachProtocolForced_theTunnelComesUpAndTheMappingIsReleasedOnStop(String protocol) throws Exception {
        Instant started = Instant.now();
        try (AgentProcess b = agent("b", lab.peer2(), "off", List.of());
                AgentProcess a = agent("a", lab.peer1(), protocol, List.of())) {
            await(Duration.ofSeconds(TUNNEL_SECONDS), PortMapLabTest::tunnelUp, "the tunnel with " + protocol);

            // Symmetric until the mapping exists; then the router sends 51820 out as 51820 to every
            // destination, and STUN classifies it full_cone. Either way the mapped endpoint is reported:
            // by the first discovery when the mapping came first, else at once when it came. The
            // tunnel may come up first (connectivity checks punch it), so the report is waited for.
            await(
                    Duration.ofSeconds(TUNNEL_SECONDS),
                    () -> reported("a").filter(r -> r.startsWith(MAPPED + " ")).isPresent(),
                    "the mapped endpoint reported with " + protocol);
            assertThat(reported("a")).get().asString().startsWith(MAPPED + " ");
            assertThat(a.logLines("port mapping changed; reporting at once").size()
                            + a.logLines("discovered public endpoint", "endpoint=" + MAPPED + " ")
                                    .size()
                            + a.logLines("nat_type=full_cone").size())
                    .as("a log line that says why the mapped endpoint was reported")
                    .isPositive();
            assertThat(lab.miniupnpd().mappings()).isNotEmpty();
            Instant mapped = logTime(a, "WireGuard port mapped at the gateway");
            assertThat(a.logLines("WireGuard port mapped at the gateway"))
                    .singleElement()
                    .asString()
                    .contains("protocol=" + protocol);
            System.err.printf(
                    "[portmap-lab] %s: first mapping %d ms after the agent started%n",
                    protocol,
                    Duration.between(logTime(a, "agent starting"), mapped).toMillis());

            a.terminate();
            assertThat(a.awaitExit(10)).isZero();
            assertThat(a.logLines("port mapping released")).hasSize(1);
            assertThat(lab.miniupnpd().mappings())
                    .as("miniupnpd's mappings after agent a stopped; its log:%n%s", a.stderr())
                    .isEmpty();
        }
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void givenNoPortMapping_theSameLabHasNoTunnel() throws Exception {
        try (AgentProcess b = agent("b", lab.peer2(), "off", List.of());
                AgentProcess a = agent("a", lab.peer1(), "off", List.of())) {
            await(
                    Duration.ofSeconds(TUNNEL_SECONDS),
                    () -> reported("a").isPresent() && reported("b").isPresent(),
                    "both reports");
            Thread.sleep(15_000);

            assertThat(tunnelUp()).as("tunnel without port mapping").isFalse();
            assertThat(reported("a")).get().asString().endsWith(" symmetric").doesNotStartWith(MAPPED);
            assertThat(lab.miniupnpd().mappings()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pcp", "natpmp", "upnp"})
    void givenMiniupnpdRestarts_theMappingIsRemadeAndTheTunnelIsBackWithinOneRenewal(String protocol) throws Exception {
        List<String> shortRenewal = List.of("-D" + LAB_RENEWAL_PROPERTY + "=" + RENEWAL.toSeconds() + "s");
        try (AgentProcess b = agent("b", lab.peer2(), "off", List.of());
                AgentProcess a = agent("a", lab.peer1(), protocol, shortRenewal)) {
            await(Duration.ofSeconds(TUNNEL_SECONDS), PortMapLabTest::tunnelUp, "the tunnel");

            lab.miniupnpd().restart();
            Commands.ok(concat(lab.router1().exec(), "conntrack", "-F"));
            Instant rebooted = Instant.now();
            assertThat(lab.miniupnpd().mappings()).isEmpty();
            await(RENEWAL.plusSeconds(2), () -> !mappings().isEmpty(), "the mapping made again");
            Duration remapped = Duration.between(rebooted, Instant.now());
            await(RENEWAL.plus(HANDSHAKE_SLACK), PortMapLabTest::tunnelUp, "the tunnel back");
            Duration back = Duration.between(rebooted, Instant.now());
            System.err.printf(
                    "[portmap-lab] %s, router restart: remapped after %d ms, tunnel back after %d ms%n",
                    protocol, remapped.toMillis(), back.toMillis());

            // Noticed: PCP and NAT-PMP by the epoch, UPnP by the entry gone (or by the renewal that
            // failed while the router was down).
            assertThat(a.stderr())
                    .containsAnyOf(
                            protocol.equals("upnp")
                                    ? new String[] {"the mapping is gone at the gateway", "renewal failed"}
                                    : new String[] {"gateway epoch went backwards"});
            assertThat(reported("a")).get().asString().startsWith(MAPPED + " ");
            a.terminate();
            assertThat(a.awaitExit(10)).isZero();
            assertThat(lab.miniupnpd().mappings()).isEmpty();
        }
    }

    @Test
    void givenARouterWithoutPortMappingService_autoCostsAtMostOneSecondOfStartUpAndLogsOnce() throws Exception {
        lab.miniupnpd().stop();
        try {
            Duration off = timeToFirstReport("off");
            Duration auto;
            try (AgentProcess a = agent("a", lab.peer1(), "auto", List.of())) {
                await(
                        Duration.ofSeconds(TUNNEL_SECONDS),
                        () -> !a.logLines("discovered public endpoint").isEmpty(),
                        "the first report");
                auto = Duration.between(logTime(a, "agent starting"), logTime(a, "discovered public endpoint"));
                await(
                        Duration.ofSeconds(5),
                        () -> !a.logLines("no port mapping").isEmpty(),
                        "the failure line");
                Thread.sleep(2_000);
                assertThat(a.logLines("no port mapping"))
                        .singleElement()
                        .asString()
                        .contains("pcp:")
                        .contains("natpmp:")
                        .contains("upnp:");
            }
            System.err.printf(
                    "[portmap-lab] no service: first report after %d ms with auto, %d ms with off%n",
                    auto.toMillis(), off.toMillis());
            assertThat(auto).isLessThanOrEqualTo(off.plusSeconds(1));
        } finally {
            lab.miniupnpd().restart();
        }
    }

    private static Duration timeToFirstReport(String mode) throws Exception {
        try (AgentProcess a = agent("a", lab.peer1(), mode, List.of())) {
            await(
                    Duration.ofSeconds(TUNNEL_SECONDS),
                    () -> !a.logLines("discovered public endpoint").isEmpty(),
                    "the first report");
            return Duration.between(logTime(a, "agent starting"), logTime(a, "discovered public endpoint"));
        }
    }

    private static AgentProcess agent(String node, NetworkNamespace ns, String portMapping, List<String> jvmFlags)
            throws IOException {
        return AgentProcess.viaJava()
                .behind(ns.exec())
                .jvmFlags(jvmFlags)
                .closeGrace(10)
                .start(List.of(
                        "run",
                        "--node-id",
                        node,
                        "--control-plane-url",
                        "http://" + PortMapLab.CONTROL_PLANE + ":" + CP_PORT,
                        "--allow-http",
                        "--token-file",
                        work.resolve(node + ".token").toString(),
                        "--interface",
                        node.equals("a")
                                ? lab.wireGuardA().ifname()
                                : lab.wireGuardB().ifname(),
                        "--listen-port",
                        Integer.toString(PortMapLab.WG_PORT),
                        "--wg-backend",
                        "uapi",
                        "--stun-server",
                        PortMapLab.STUN1 + ":" + PortMapLab.STUN_PORT,
                        "--stun-server",
                        PortMapLab.STUN2 + ":" + PortMapLab.STUN_PORT,
                        "--refresh-interval",
                        "10s",
                        "--port-mapping",
                        portMapping,
                        "--log-format",
                        "text"));
    }

    private static boolean tunnelUp() {
        try {
            return lab.tunnelUp();
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> mappings() {
        try {
            return lab.miniupnpd().mappings();
        } catch (IOException e) {
            return List.of("unreadable: " + e.getMessage());
        }
    }

    /** "endpoint nat_type" the control plane holds for {@code node}. */
    private static Optional<String> reported(String node) {
        for (String line : adminText().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[0].equals(node) && !f[1].equals("-")) {
                return Optional.of(f[1] + " " + f[2]);
            }
        }
        return Optional.empty();
    }

    private static boolean nodesListed() {
        return adminText().contains("a ");
    }

    private static String adminText() {
        try {
            Commands.Result result = Commands.run(concat(
                    lab.inet().exec(),
                    "timeout",
                    "5",
                    "bash",
                    "-c",
                    "exec 3<>/dev/tcp/" + PortMapLab.CONTROL_PLANE + "/" + CP_PORT
                            + " && printf 'GET /v1/admin/nodes?format=text HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3"));
            String text = result.output().replace("\r", "");
            int body = text.indexOf("\n\n");
            return body < 0 ? "" : text.substring(body + 2);
        } catch (IOException e) {
            return "";
        }
    }

    private static Instant logTime(AgentProcess agent, String message) {
        List<String> lines = agent.logLines(message);
        assertThat(lines)
                .as("log line '%s' of the agent; stderr:%n%s", message, agent.stderr())
                .isNotEmpty();
        Matcher m = TIME.matcher(lines.get(0));
        assertThat(m.find()).as("time in %s", lines.get(0)).isTrue();
        return Instant.parse(m.group(1));
    }

    private static void await(Duration limit, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + limit + diagnostics());
            }
            Thread.sleep(250);
        }
    }

    private static String diagnostics() {
        StringBuilder out = new StringBuilder("\ncontrol plane holds:\n").append(adminText());
        try {
            out.append("\nminiupnpd mappings: ").append(lab.miniupnpd().mappings());
            out.append("\nminiupnpd log (tail):\n").append(tail(lab.miniupnpd().log(), 30));
        } catch (IOException | IllegalStateException e) {
            out.append("\n(miniupnpd: ").append(e.getMessage()).append(')');
        }
        out.append("\nwg a: ").append(lab.wireGuardA().peerDump());
        out.append("\nwg b: ").append(lab.wireGuardB().peerDump());
        out.append("\ncontrol-plane log (tail):\n").append(tail(Processes.read(work.resolve("control-plane.log")), 20));
        return out.toString();
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(Arrays.asList(tail));
        return out;
    }

    /** This module's runtime classpath without the agent (it brings its own logging setup). */
    private static String controlPlaneClasspath() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry ->
                        !entry.contains("/io/peerexchange/bootstrap/") && !entry.contains("/bootstrap/target/"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
