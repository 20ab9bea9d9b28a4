package io.peerexchange.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerexchange.testing.agent.AgentProcess;
import io.peerexchange.testing.coturn.Coturn;
import io.peerexchange.testing.env.Require;
import io.peerexchange.testing.fake.ScriptedControlPlane;
import io.peerexchange.testing.net.FreePorts;
import io.peerexchange.testing.net.PortRange;
import io.peerexchange.testing.wireguard.WireGuardGo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One scenario's world: a wireguard-go interface with two peers (p-2, p-3, each with a preshared
 * key in the control plane's state), STUN servers, the scriptable control plane and the agent
 * process with a 10 s refresh (the minimum). Closing it tears everything down, also after a failure.
 */
final class Rig implements AutoCloseable {
    static final String NODE = "n1";
    static final Duration REFRESH = Duration.ofSeconds(10);
    /** One refresh plus what a refresh itself may take (a STUN round, the report, the UAPI write). */
    static final Duration ONE_REFRESH = REFRESH.plusSeconds(4);

    /** This suite's coturn ports. */
    static final PortRange COTURN_PORTS = new PortRange(34860, 34879);

    static final boolean SOAK = Boolean.getBoolean("pxr.soak");

    final Path dir;
    final String token = "pxr-token-" + java.util.UUID.randomUUID();
    final String peer2 = Keys.publicKey();
    final String peer3 = Keys.publicKey();
    final String psk2 = Keys.presharedKey();
    final String psk3 = Keys.presharedKey();
    final ScriptedControlPlane controlPlane;
    final WireGuardGo wireGuard;
    final List<Coturn> stun = new ArrayList<>();
    private AgentProcess agent;

    private Rig(Path dir, ScriptedControlPlane controlPlane, WireGuardGo wireGuard) {
        this.dir = dir;
        this.controlPlane = controlPlane;
        this.wireGuard = wireGuard;
    }

    /** Everything up but the agent; the control plane listens unless {@code controlPlaneUp} is false. */
    static Rig create(Path dir, String ifname, int stunServers, boolean controlPlaneUp) throws Exception {
        // wireguard-go creates a TUN interface; STUN shares the WireGuard port through a raw socket.
        WireGuardGo.requireAvailable();
        Require.command("turnserver", "coturn");
        ScriptedControlPlane cp = null;
        WireGuardGo wg = null;
        Rig rig = null;
        try {
            cp = ScriptedControlPlane.create(NODE, "");
            wg = WireGuardGo.named(ifname).listenPort(FreePorts.udp()).up().start();
            rig = new Rig(dir, cp, wg);
            cp = null;
            wg = null;
            rig.controlPlaneToken();
            for (int i = 0; i < stunServers; i++) {
                rig.stun.add(Coturn.listeningOn("127.0.0.1").ports(COTURN_PORTS).start());
            }
            rig.wireGuard.addPeer(rig.peer2, "10.77.0.2/32", "192.0.2.2:1002");
            rig.wireGuard.addPeer(rig.peer3, "10.77.0.3/32", "192.0.2.3:1003");
            rig.desire("198.51.100.2:40002", "198.51.100.3:40003");
            if (controlPlaneUp) {
                rig.controlPlane.up();
            }
            return rig;
        } catch (Exception | Error e) {
            if (rig != null) {
                rig.close();
            }
            if (wg != null) {
                wg.close();
            }
            if (cp != null) {
                cp.close();
            }
            throw e;
        }
    }

    private void controlPlaneToken() {
        // The control plane checks the bearer token this rig writes into the agent's token file.
        controlPlane.expectToken(token);
    }

    /** The control plane now wants these endpoints for p-2 and p-3 (in its state and in report answers). */
    void desire(String endpoint2, String endpoint3) {
        controlPlane.state(stateJson(endpoint2, endpoint3));
        controlPlane.endpointAnswer("{\"peer_endpoints\":[{\"peer_id\":\"p-2\",\"endpoint\":\"" + endpoint2 + "\"},"
                + "{\"peer_id\":\"p-3\",\"endpoint\":\"" + endpoint3 + "\"}]}");
    }

    String stateJson(String endpoint2, String endpoint3) {
        return "{\"peers\":[" + peerJson("p-2", peer2, "10.77.0.2", endpoint2, psk2) + ","
                + peerJson("p-3", peer3, "10.77.0.3", endpoint3, psk3) + "],\"generation\":1}";
    }

    static String peerJson(String id, String key, String meshIp, String endpoint, String psk) {
        return "{\"id\":\"" + id + "\",\"public_key\":\"" + key + "\",\"mesh_ip\":\"" + meshIp + "\",\"endpoint\":\""
                + endpoint + "\",\"allowed_ips\":[\"" + meshIp + "/32\"],\"psk\":\"" + psk + "\"}";
    }

    AgentProcess startAgent(String... extra) throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
        List<String> args = new ArrayList<>(List.of(
                "--node-id",
                NODE,
                "--control-plane-url",
                controlPlane.baseUrl(),
                "--allow-http",
                "--token-file",
                tokenFile.toString(),
                "--interface",
                wireGuard.ifname(),
                "--wg-backend",
                "uapi",
                "--listen-port",
                String.valueOf(wireGuard.listenPort()),
                "--refresh-interval",
                "10s",
                "--timeout",
                "1s",
                "--heartbeat-interval",
                "10s",
                "--log-format",
                "text"));
        for (Coturn server : stun) {
            args.add("--stun-server");
            args.add(server.address());
        }
        args.addAll(List.of(extra));
        agent = AgentProcess.viaLauncher()
                .outputIn(dir)
                .sampled()
                .closeGrace(10)
                .start(args);
        return agent;
    }

    AgentProcess agent() {
        return agent;
    }

    /** Waits until WireGuard holds {@code endpoint} for the peer, at most {@code within}; returns how long it took. */
    Duration awaitEndpoint(String peerKey, String endpoint, Duration within) {
        long start = System.nanoTime();
        await().atMost(within).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(agent.isAlive())
                    .as("agent alive; stderr:\n%s", agent.stderr())
                    .isTrue();
            assertThat(wireGuard.endpointOf(peerKey)).isEqualTo(endpoint);
        });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The initial state: both peers at the control plane's first endpoints. */
    void awaitConverged() throws InterruptedException {
        awaitEndpoint(peer2, "198.51.100.2:40002", Duration.ofSeconds(30));
        awaitEndpoint(peer3, "198.51.100.3:40003", Duration.ofSeconds(5));
        // The agent's first report goes once its event stream is open, and its answer carries the
        // scripted state, which does not follow pushed events: an event a test pushes must not race
        // that answer. An agent without NAT traversal never reports; then there is nothing to wait for.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (controlPlane.calls(ScriptedControlPlane.Call.ENDPOINT) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (controlPlane.calls(ScriptedControlPlane.Call.ENDPOINT) > 0) {
            sleep(REPORT_ANSWER_APPLIED);
        }
    }

    /** How long after the report arrived at the control plane its answer has surely been applied. */
    static final Duration REPORT_ANSWER_APPLIED = Duration.ofMillis(500);

    /** Soak runs stretch each fault tenfold. */
    static Duration scaled(Duration fault) {
        return SOAK ? fault.multipliedBy(10) : fault;
    }

    static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    @Override
    public void close() throws Exception {
        try {
            if (agent != null) {
                agent.close();
                // Kept as evidence: target/agent-logs/<interface>.log
                Path logs = Files.createDirectories(Path.of("target", "agent-logs"));
                Files.writeString(logs.resolve(wireGuard.ifname() + ".log"), agent.stdout() + agent.stderr());
            }
        } finally {
            try {
                controlPlane.close();
            } finally {
                try {
                    wireGuard.close();
                } finally {
                    for (Coturn server : stun) {
                        server.close();
                    }
                }
            }
        }
    }
}
