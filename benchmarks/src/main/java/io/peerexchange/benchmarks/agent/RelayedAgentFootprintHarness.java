package io.peerexchange.benchmarks.agent;

import io.peerexchange.benchmarks.results.Row;
import io.peerexchange.benchmarks.results.RowStore;
import io.peerexchange.benchmarks.results.Stats;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import io.peerexchange.testing.coturn.Coturn;
import io.peerexchange.testing.env.Require;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole agent's resident memory with one relayed peer, against the same agent with the relay
 * off, in {@link AgentLab}'s surroundings (row 5b's): {@code bench-b} reports candidates and ICE
 * credentials (docs/PROTOCOL.md#candidates-and-connectivity-checks) so the agent checks it, and with {@code relay: always} relays it through a
 * coturn with long-term credentials on 127.0.0.1. A socket on the WireGuard port (so the agent
 * shares it through raw sockets, as beside WireGuard) answers every datagram the relay proxy
 * hands it, and a socket standing in for {@code bench-b} sends ten datagrams a second to the
 * agent's relayed address: the data path carries traffic both ways for the whole reading. The two
 * variants take turns, {@code STARTS} times each. Writes row {@code 7f}.
 * Arguments: {@code AGENT_JAR LAUNCHER STUN_PORT [STARTS [RSS_SECONDS [COMMAND]]]}.
 */
public final class RelayedAgentFootprintHarness {
    static final String ROW = "7f-agent-rss-relayed";
    static final double MAX_RSS_MIB = 64;
    static final String RELAY_USED = "relay used";
    private static final long RELAY_WAIT_MILLIS = 20_000;
    private static final String REALM = "px.bench";
    private static final String USER = "bench";
    private static final Pattern RELAYED = Pattern.compile("relayed=(\\S+):(\\d+)");
    private static final ComponentLogger LOG = ComponentLogger.of(RelayedAgentFootprintHarness.class, Component.BENCH);

    private RelayedAgentFootprintHarness() {}

    public static void main(String[] args) throws Exception {
        AgentHarnessArguments arguments = AgentHarnessArguments.parse(args, RelayedAgentFootprintHarness.class, 2, 60);
        int starts = arguments.count(0);
        int rssSeconds = arguments.count(1);
        RowStore store = RowStore.fromSystemProperty();
        String title = String.format(
                "Agent: resident memory (VmRSS) after %d s of `run` with one relayed peer, launcher flags", rssSeconds);
        if (!Require.isRoot()) {
            store.write(Row.notMeasured(
                    ROW,
                    title,
                    "MiB",
                    "the same agent, `relay: off`",
                    "≤ 64 MiB",
                    arguments.command(),
                    "needs root (wireguard-go)"));
            return;
        }
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (AgentLab lab = AgentLab.start(arguments.jar(), arguments.launcher(), arguments.stunPort());
                Coturn turn = Coturn.listeningOn("127.0.0.1")
                        .longTermUser(REALM, USER, password)
                        .relayIp("127.0.0.1")
                        .start();
                DatagramSocket farPeer = new DatagramSocket(new InetSocketAddress(loopback, 0));
                DatagramSocket wireGuardPort =
                        new DatagramSocket(new InetSocketAddress(loopback, AgentLab.LISTEN_PORT))) {
            lab.primeLauncherArchive();
            Path passwordFile = lab.directory().resolve("turn-password");
            Files.writeString(passwordFile, password + "\n");
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            reportPeer(lab, farPeer.getLocalPort());
            AtomicLong answered = new AtomicLong();
            AtomicLong returned = new AtomicLong();
            Thread echo = answer(wireGuardPort, answered, true);
            Thread returns = answer(farPeer, returned, false);
            try {
                double[] relayed = new double[starts];
                double[] off = new double[starts];
                long[] carried = new long[starts];
                long[] back = new long[starts];
                for (int s = 0; s < starts; s++) {
                    long before = answered.get();
                    long returnedBefore = returned.get();
                    relayed[s] = once(lab, turn, passwordFile, "always", farPeer, rssSeconds);
                    carried[s] = answered.get() - before;
                    back[s] = returned.get() - returnedBefore;
                    off[s] = once(lab, turn, passwordFile, "off", farPeer, rssSeconds);
                }
                double ours = Stats.median(relayed);
                double theirs = Stats.median(off);
                LOG.atInfo()
                        .addKeyValue("relayed_mib", ours)
                        .addKeyValue("relay_off_mib", theirs)
                        .log("agent footprint with one relayed peer");
                store.write(new Row(
                        ROW,
                        title,
                        "MiB",
                        OptionalDouble.of(ours),
                        "the same agent, `relay: off`",
                        OptionalDouble.of(theirs),
                        false,
                        "≤ 64 MiB",
                        Row.Verdict.of(ours <= MAX_RSS_MIB),
                        arguments.command(),
                        String.format(
                                "median of %d starts each, taking turns; relayed %s MiB, relay off %s MiB; per start"
                                        + " the relay proxy handed WireGuard's port %s datagrams from `bench-b`, and"
                                        + " `bench-b` got %s answers back through coturn; `bench-b` reports"
                                        + " candidates, so the checks run in both",
                                starts,
                                figures(relayed),
                                figures(off),
                                java.util.Arrays.toString(carried),
                                java.util.Arrays.toString(back))));
            } finally {
                wireGuardPort.close();
                farPeer.close();
                echo.join(2_000);
                returns.join(2_000);
            }
        }
    }

    /** One agent for {@code seconds}: with {@code relay} set, its VmRSS at the end, in MiB. */
    private static double once(
            AgentLab lab, Coturn turn, Path passwordFile, String relay, DatagramSocket farPeer, int seconds)
            throws IOException, InterruptedException {
        int logged = lab.agentLog().length();
        Process agent = lab.viaLauncher(
                        "",
                        Map.of(),
                        lab.runArguments(
                                "info",
                                List.of(
                                        "--relay",
                                        relay,
                                        "--turn-server",
                                        "127.0.0.1:" + turn.port(),
                                        "--turn-username",
                                        USER,
                                        "--turn-password-file",
                                        passwordFile.toString())))
                .start();
        try {
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            if (relay.equals("always")) {
                InetSocketAddress relayed = awaitRelayed(lab, logged);
                byte[] datagram = "keepalive from bench-b".getBytes(StandardCharsets.US_ASCII);
                while (System.nanoTime() < deadline) {
                    farPeer.send(new DatagramPacket(datagram, datagram.length, relayed));
                    Thread.sleep(100);
                }
            } else {
                Thread.sleep(seconds * 1_000L);
            }
            double rss = AgentFootprintHarness.kib(agent, "status", "VmRSS:") / 1024.0;
            if (relay.equals("off") && lab.agentLog().substring(logged).contains(RELAY_USED)) {
                throw new IOException(
                        "relay: off relayed a peer; see " + lab.directory().resolve("agent.log"));
            }
            return rss;
        } finally {
            AgentLab.stop(agent);
        }
    }

    /** Our relayed address from the agent's {@code relay used} line, once it was logged. */
    private static InetSocketAddress awaitRelayed(AgentLab lab, int logged) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RELAY_WAIT_MILLIS * 1_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : lab.agentLog().substring(logged).split("\n")) {
                Matcher m = RELAYED.matcher(line);
                if (line.contains(RELAY_USED) && m.find()) {
                    return new InetSocketAddress(InetAddress.getByName(m.group(1)), Integer.parseInt(m.group(2)));
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("no '" + RELAY_USED + "' line within " + RELAY_WAIT_MILLIS + " ms; see "
                + lab.directory().resolve("agent.log"));
    }

    /** bench-b reports a host candidate at {@code port} on 127.0.0.1 and ICE credentials, as a checking agent does. */
    private static void reportPeer(AgentLab lab, int port) throws IOException, InterruptedException {
        String endpoint = "127.0.0.1:" + port;
        String body = "{\"public_endpoint\":\"" + endpoint + "\",\"nat_type\":\"none\",\"candidates\":[{\"endpoint\":\""
                + endpoint + "\",\"kind\":\"host\"}],\"ice\":{\"ufrag\":\"Bf3k\",\"pwd\":\"0123456789abcdefghijkl\"}}";
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lab.controlPlanePort() + "/v1/nodes/"
                                        + AgentLab.PEER + "/endpoint"))
                                .header("Authorization", "Bearer token-" + AgentLab.PEER)
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("bench-b's report was answered " + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * Counts every datagram on {@code socket} that is not STUN (the agent's checks and bindings) and,
     * when {@code echo}, sends it back to its sender: on WireGuard's port that sender is the relay proxy.
     */
    private static Thread answer(DatagramSocket socket, AtomicLong count, boolean echo) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[2048];
                    while (!socket.isClosed()) {
                        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                        try {
                            socket.receive(packet);
                            if (packet.getLength() > 0 && !isStun(buffer)) {
                                if (echo) {
                                    socket.send(
                                            new DatagramPacket(buffer, packet.getLength(), packet.getSocketAddress()));
                                }
                                count.incrementAndGet();
                            }
                        } catch (IOException e) {
                            return; // closed
                        }
                    }
                },
                echo ? "pxb-wireguard-port" : "pxb-far-peer");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** STUN (checks and bindings from the agent's raw socket) starts with two zero bits; WireGuard and our text do not. */
    private static boolean isStun(byte[] datagram) {
        return (datagram[0] & 0xC0) == 0;
    }

    private static String figures(double[] values) {
        StringBuilder out = new StringBuilder();
        for (double v : values) {
            out.append(out.isEmpty() ? "" : ", ").append(String.format("%.1f", v));
        }
        return out.toString();
    }
}
