package io.peerexchange.adapters.stun.lab;

import io.peerexchange.adapters.stun.testing.Coturn;
import io.peerexchange.adapters.stun.testing.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Namespaces {@code pxs-inet} (STUN server 203.0.113.1 and 2001:db8:ff::1), {@code pxs-r1} (router,
 * WAN 203.0.113.10: UDP from port 51820 is SNATed to port 40000, everything else MASQUERADEd to a
 * random port; IPv6 routed without NAT) and {@code pxs-p1} (peer 192.168.1.2 / 2001:db8:1::2, where
 * wireguard-go's {@code pxs0} listens on 51820). {@link #close()} removes everything, also after a
 * failed setup.
 */
public final class NatLab implements AutoCloseable {
    public static final String INET = "pxs-inet";
    public static final String ROUTER = "pxs-r1";
    public static final String PEER = "pxs-p1";
    public static final String WG_INTERFACE = "pxs0";
    public static final int WG_PORT = 51820;
    public static final int SNAT_PORT = 40000;
    public static final String ROUTER_WAN = "203.0.113.10";
    public static final String STUN_V4 = "203.0.113.1";
    public static final String STUN_V6 = "2001:db8:ff::1";
    public static final String PEER_V6 = "2001:db8:1::2";
    public static final int STUN_PORT = 3478;

    private final Path directory;
    private final List<String> namespaces = new ArrayList<>();
    private Coturn coturn;
    private Process wireguard;

    private NatLab(Path directory) {
        this.directory = directory;
    }

    public static NatLab start() throws IOException, InterruptedException {
        NatLab lab = new NatLab(Files.createTempDirectory("pxs-lab"));
        try {
            lab.build();
            return lab;
        } catch (IOException | InterruptedException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private void build() throws IOException, InterruptedException {
        for (String ns : List.of(INET, ROUTER, PEER)) {
            // A namespace left over from an aborted run would make "add" fail.
            Processes.exec("ip", "netns", "del", ns);
            Processes.run("ip", "netns", "add", ns);
            namespaces.add(ns);
            Processes.run("ip", "-n", ns, "link", "set", "lo", "up");
        }
        Processes.run("ip", "-n", ROUTER, "link", "add", "wan", "type", "veth", "peer", "name", "wan0", "netns", INET);
        Processes.run("ip", "-n", ROUTER, "link", "add", "lan", "type", "veth", "peer", "name", "eth0", "netns", PEER);
        address(INET, "wan0", "203.0.113.1/24", STUN_V6 + "/64");
        address(ROUTER, "wan", ROUTER_WAN + "/24", "2001:db8:ff::10/64");
        address(ROUTER, "lan", "192.168.1.1/24", "2001:db8:1::1/64");
        address(PEER, "eth0", "192.168.1.2/24", PEER_V6 + "/64");
        Processes.run("ip", "-n", PEER, "route", "add", "default", "via", "192.168.1.1");
        Processes.run("ip", "-n", PEER, "-6", "route", "add", "default", "via", "2001:db8:1::1");
        Processes.run("ip", "-n", INET, "-6", "route", "add", "2001:db8:1::/64", "via", "2001:db8:ff::10");
        inNamespace(ROUTER, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        inNamespace(ROUTER, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
        inNamespace(
                ROUTER,
                "iptables",
                "-t",
                "nat",
                "-A",
                "POSTROUTING",
                "-o",
                "wan",
                "-p",
                "udp",
                "--sport",
                Integer.toString(WG_PORT),
                "-j",
                "SNAT",
                "--to-source",
                ROUTER_WAN + ":" + SNAT_PORT);
        inNamespace(ROUTER, "iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE", "--random");

        coturn = Coturn.start(List.of("ip", "netns", "exec", INET), List.of(STUN_V4, STUN_V6), STUN_PORT);
        awaitUdpListener(INET, STUN_PORT, "turnserver");
        startWireGuard();
    }

    private void startWireGuard() throws IOException, InterruptedException {
        Path key = directory.resolve("wg.key");
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, Processes.run("wg", "genkey").trim() + "\n", StandardCharsets.US_ASCII);
        ProcessBuilder builder = new ProcessBuilder("ip", "netns", "exec", PEER, "wireguard-go", WG_INTERFACE)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("wireguard-go.log").toFile());
        builder.environment().putAll(Map.of("WG_PROCESS_FOREGROUND", "1", "LOG_LEVEL", "error"));
        wireguard = builder.start();
        Path socket = Path.of("/var/run/wireguard", WG_INTERFACE + ".sock");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!Files.exists(socket)) {
            if (!wireguard.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("wireguard-go did not create " + socket + ": "
                        + Files.readString(directory.resolve("wireguard-go.log")));
            }
            Thread.sleep(20);
        }
        inNamespace(
                PEER,
                "wg",
                "set",
                WG_INTERFACE,
                "listen-port",
                Integer.toString(WG_PORT),
                "private-key",
                key.toString());
        Processes.run("ip", "-n", PEER, "link", "set", WG_INTERFACE, "up");
        awaitUdpListener(PEER, WG_PORT, "wireguard-go");
    }

    /** Who holds UDP {@code port} in {@code ns}, as {@code ss -ulpn} shows it. */
    public String udpListeners(String ns, int port) throws IOException, InterruptedException {
        String all = inNamespace(ns, "ss", "-H", "-ulpn");
        StringBuilder matching = new StringBuilder();
        for (String line : all.split("\n")) {
            if (line.contains(":" + port + " ")) {
                matching.append(line).append('\n');
            }
        }
        return matching.toString();
    }

    private void awaitUdpListener(String ns, int port, String process) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!udpListeners(ns, port).contains(process)) {
            if (System.nanoTime() > deadline) {
                throw new IOException(process + " is not listening on UDP " + port + " in " + ns + ": "
                        + inNamespace(ns, "ss", "-H", "-ulpn"));
            }
            Thread.sleep(50);
        }
    }

    public static String inNamespace(String ns, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(command));
        return Processes.run(full.toArray(String[]::new));
    }

    private static void address(String ns, String device, String v4, String v6)
            throws IOException, InterruptedException {
        Processes.run("ip", "-n", ns, "addr", "add", v4, "dev", device);
        Processes.run("ip", "-n", ns, "addr", "add", v6, "dev", device, "nodad");
        Processes.run("ip", "-n", ns, "link", "set", device, "up");
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Processes.stop(wireguard);
        if (coturn != null) {
            coturn.close();
        }
        for (String ns : namespaces) {
            Processes.exec("ip", "netns", "del", ns);
        }
        Files.deleteIfExists(Path.of("/var/run/wireguard", WG_INTERFACE + ".sock"));
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
    }
}
