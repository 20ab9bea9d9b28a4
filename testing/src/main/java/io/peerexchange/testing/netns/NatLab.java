package io.peerexchange.testing.netns;

import io.peerexchange.testing.coturn.Coturn;
import io.peerexchange.testing.process.Commands;
import io.peerexchange.testing.process.Processes;
import io.peerexchange.testing.wireguard.WireGuardGo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Three namespaces named after the suite's prefix {@code P}: {@code P-inet} (STUN server 203.0.113.1
 * and 2001:db8:ff::1), {@code P-r1} (router, WAN 203.0.113.10: UDP from port 51820 is SNATed to port
 * 40000, everything else MASQUERADEd to a random port; IPv6 routed without NAT) and {@code P-p1}
 * (peer 192.168.1.2 / 2001:db8:1::2, where wireguard-go's {@code P0} listens on 51820). See
 * docs/ARCHITECTURE.md for the lab this is the miniature of. {@link #close()} removes everything,
 * also after a failed setup.
 */
public final class NatLab implements AutoCloseable {
    public static final int WG_PORT = 51820;
    public static final int SNAT_PORT = 40000;
    public static final String ROUTER_WAN = "203.0.113.10";
    public static final String STUN_V4 = "203.0.113.1";
    public static final String STUN_V6 = "2001:db8:ff::1";
    public static final String PEER_V6 = "2001:db8:1::2";
    public static final int STUN_PORT = 3478;
    /** How long coturn and wireguard-go get to show up as UDP listeners in their namespaces. */
    public static final long LISTENER_MILLIS = 5_000;

    private final String prefix;
    private final Path directory;
    private final List<NetworkNamespace> namespaces = new ArrayList<>();
    private Coturn coturn;
    private WireGuardGo wireguard;

    private NatLab(String prefix, Path directory) {
        this.prefix = prefix;
        this.directory = directory;
    }

    /** Builds the lab with namespaces {@code prefix-inet}, {@code prefix-r1}, {@code prefix-p1}. */
    public static NatLab start(String prefix) throws IOException, InterruptedException {
        NatLab lab = new NatLab(prefix, Files.createTempDirectory(prefix + "-lab"));
        try {
            lab.build();
            return lab;
        } catch (IOException | InterruptedException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    public String inet() {
        return prefix + "-inet";
    }

    public String router() {
        return prefix + "-r1";
    }

    public String peer() {
        return prefix + "-p1";
    }

    /** The peer's WireGuard interface. */
    public String wgInterface() {
        return prefix + "0";
    }

    private void build() throws IOException, InterruptedException {
        NetworkNamespace inet = add(inet());
        NetworkNamespace router = add(router());
        NetworkNamespace peer = add(peer());
        router.ip("link", "add", "wan", "type", "veth", "peer", "name", "wan0", "netns", inet.name());
        router.ip("link", "add", "lan", "type", "veth", "peer", "name", "eth0", "netns", peer.name());
        address(inet, "wan0", "203.0.113.1/24", STUN_V6 + "/64");
        address(router, "wan", ROUTER_WAN + "/24", "2001:db8:ff::10/64");
        address(router, "lan", "192.168.1.1/24", "2001:db8:1::1/64");
        address(peer, "eth0", "192.168.1.2/24", PEER_V6 + "/64");
        peer.ip("route", "add", "default", "via", "192.168.1.1");
        peer.ip("-6", "route", "add", "default", "via", "2001:db8:1::1");
        inet.ip("-6", "route", "add", "2001:db8:1::/64", "via", "2001:db8:ff::10");
        router.run("sysctl", "-qw", "net.ipv4.ip_forward=1");
        router.run("sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
        router.run(
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
        router.run("iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE", "--random");

        coturn = Coturn.listeningOn(STUN_V4, STUN_V6)
                .behind(inet.exec())
                .port(STUN_PORT)
                .start();
        awaitUdpListener(inet(), STUN_PORT, "turnserver");
        wireguard = WireGuardGo.named(wgInterface())
                .in(peer)
                .listenPort(WG_PORT)
                .up()
                .start();
        awaitUdpListener(peer(), WG_PORT, "wireguard-go");
    }

    private NetworkNamespace add(String name) throws IOException {
        NetworkNamespace namespace = NetworkNamespace.fresh(name);
        namespaces.add(namespace);
        return namespace;
    }

    /** Who holds UDP {@code port} in {@code ns}, as {@code ss -ulpn} shows it. */
    public String udpListeners(String ns, int port) throws IOException {
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
        long deadline = System.nanoTime() + LISTENER_MILLIS * 1_000_000L;
        while (!udpListeners(ns, port).contains(process)) {
            if (System.nanoTime() > deadline) {
                throw new IOException(process + " is not listening on UDP " + port + " in " + ns + ": "
                        + inNamespace(ns, "ss", "-H", "-ulpn"));
            }
            Thread.sleep(50);
        }
    }

    public static String inNamespace(String ns, String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(command));
        return Commands.ok(full);
    }

    private static void address(NetworkNamespace ns, String device, String v4, String v6) throws IOException {
        ns.ip("addr", "add", v4, "dev", device);
        ns.ip("addr", "add", v6, "dev", device, "nodad");
        ns.ip("link", "set", device, "up");
    }

    /** A directory of the lab's own for the test's files, removed with the lab. */
    public Path directory() {
        return directory;
    }

    @Override
    public void close() throws IOException {
        try {
            if (wireguard != null) {
                wireguard.close();
            }
            if (coturn != null) {
                coturn.close();
            }
        } finally {
            for (NetworkNamespace namespace : namespaces) {
                namespace.close();
            }
            Processes.deleteTree(directory);
        }
    }
}
