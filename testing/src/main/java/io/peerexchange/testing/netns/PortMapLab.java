package io.peerexchange.testing.netns;

import io.peerexchange.testing.coturn.Coturn;
import io.peerexchange.testing.miniupnpd.MiniUpnpd;
import io.peerexchange.testing.process.Commands;
import io.peerexchange.testing.process.Processes;
import io.peerexchange.testing.wireguard.WireGuardGo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The port-mapping lab (docs/ARCHITECTURE.md#port-mapping-lab), five namespaces named after the
 * prefix {@code P}: {@code P-inet} (a bridge with two STUN servers, 203.0.113.1 and .2, and room
 * for the control plane on .1); {@code P-r1}, a symmetric NAT (everything MASQUERADEd with
 * {@code --random-fully}, new inbound connections dropped) running miniupnpd for its LAN
 * 192.168.1.0/24, WAN 203.0.113.10; {@code P-r2}, an endpoint-independent NAT (51820 leaves as
 * 41000) that filters by address and port, WAN 203.0.113.20, LAN 192.168.2.0/24; peers {@code P-p1}
 * (192.168.1.2) and {@code P-p2} (192.168.2.2), each with a wireguard-go on 51820 that has keys,
 * mesh addresses 10.99.0.1/.2 and the other as peer, but no endpoint. Without a mapping at router 1
 * no tunnel can come up: neither side's packets find an open mapping at the other's router. Its
 * routers use {@code iptables-legacy} throughout, the tables miniupnpd-iptables writes.
 */
public final class PortMapLab implements AutoCloseable {
    public static final int WG_PORT = 51820;
    public static final String STUN1 = "203.0.113.1";
    public static final String STUN2 = "203.0.113.2";
    public static final int STUN_PORT = 3478;
    public static final String CONTROL_PLANE = "203.0.113.1";
    public static final String ROUTER1_WAN = "203.0.113.10";
    public static final String ROUTER2_WAN = "203.0.113.20";
    public static final int ROUTER2_SNAT_PORT = 41000;
    public static final String MESH_A = "10.99.0.1";
    public static final String MESH_B = "10.99.0.2";

    private final String prefix;
    private final Path directory;
    private final List<NetworkNamespace> namespaces = new ArrayList<>();
    private NetworkNamespace inet;
    private NetworkNamespace router1;
    private NetworkNamespace router2;
    private NetworkNamespace peer1;
    private NetworkNamespace peer2;
    private final List<Coturn> stun = new ArrayList<>();
    private MiniUpnpd miniupnpd;
    private WireGuardGo wgA;
    private WireGuardGo wgB;

    private PortMapLab(String prefix, Path directory) {
        this.prefix = prefix;
        this.directory = directory;
    }

    /** Builds the lab; miniupnpd runs on router 1 when {@code withPortMapping}. */
    public static PortMapLab start(String prefix, boolean withPortMapping) throws IOException, InterruptedException {
        PortMapLab lab = new PortMapLab(prefix, Files.createTempDirectory(prefix + "-lab"));
        try {
            lab.build(withPortMapping);
            return lab;
        } catch (IOException | InterruptedException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private void build(boolean withPortMapping) throws IOException, InterruptedException {
        inet = add(prefix + "-inet");
        router1 = add(prefix + "-r1");
        router2 = add(prefix + "-r2");
        peer1 = add(prefix + "-p1");
        peer2 = add(prefix + "-p2");
        inet.ip("link", "add", prefix + "-br", "type", "bridge");
        inet.ip("addr", "add", STUN1 + "/24", "dev", prefix + "-br");
        inet.ip("addr", "add", STUN2 + "/24", "dev", prefix + "-br");
        inet.ip("link", "set", prefix + "-br", "up");
        router(router1, ROUTER1_WAN, "r1");
        router(router2, ROUTER2_WAN, "r2");
        peer(peer1, router1, "192.168.1.2", "192.168.1.1");
        peer(peer2, router2, "192.168.2.2", "192.168.2.1");
        // Router 1: symmetric for everything; what miniupnpd maps is DNATed (and SNATed back to the
        // mapped port) by its own chains, which it puts before these.
        nat(router1, "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE", "--random-fully");
        // Router 2: endpoint-independent mapping, address-and-port-dependent filtering.
        nat(
                router2,
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
                ROUTER2_WAN + ":" + ROUTER2_SNAT_PORT);
        nat(router2, "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE", "--random");
        for (NetworkNamespace r : List.of(router1, router2)) {
            nat(r, "-A", "INPUT", "-i", "wan", "-m", "conntrack", "--ctstate", "NEW", "-j", "DROP");
        }
        for (String address : List.of(STUN1, STUN2)) {
            stun.add(Coturn.listeningOn(address)
                    .behind(inet.exec())
                    .port(STUN_PORT)
                    .start());
        }
        if (withPortMapping) {
            miniupnpd = MiniUpnpd.start(router1, "wan", "lan", "192.168.1.0/24");
        }
        wgA = WireGuardGo.named(prefix + "a").in(peer1).listenPort(WG_PORT).up().start();
        wgB = WireGuardGo.named(prefix + "b").in(peer2).listenPort(WG_PORT).up().start();
        peer1.ip("addr", "add", MESH_A + "/24", "dev", wgA.ifname());
        peer2.ip("addr", "add", MESH_B + "/24", "dev", wgB.ifname());
        resetTunnel();
    }

    private NetworkNamespace add(String name) throws IOException {
        NetworkNamespace namespace = NetworkNamespace.fresh(name);
        namespaces.add(namespace);
        return namespace;
    }

    private void router(NetworkNamespace ns, String wan, String bridgePort) throws IOException {
        ns.ip("link", "add", "wan", "type", "veth", "peer", "name", bridgePort, "netns", inet.name());
        inet.ip("link", "set", bridgePort, "master", prefix + "-br", "up");
        ns.ip("addr", "add", wan + "/24", "dev", "wan");
        ns.ip("link", "set", "wan", "up");
        ns.run("sysctl", "-qw", "net.ipv4.ip_forward=1");
    }

    private static void peer(NetworkNamespace ns, NetworkNamespace router, String address, String gateway)
            throws IOException {
        ns.ip("link", "add", "eth0", "type", "veth", "peer", "name", "lan", "netns", router.name());
        router.ip("addr", "add", gateway + "/24", "dev", "lan");
        router.ip("link", "set", "lan", "up");
        ns.ip("addr", "add", address + "/24", "dev", "eth0");
        ns.ip("link", "set", "eth0", "up");
        ns.ip("route", "add", "default", "via", gateway);
    }

    private static void nat(NetworkNamespace ns, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("iptables-legacy"));
        command.addAll(List.of(args));
        ns.run(command.toArray(String[]::new));
    }

    /**
     * Back to the start: each WireGuard holds the other as a peer without endpoint or handshake,
     * and both routers have forgotten their connections (miniupnpd's mappings stay).
     */
    public void resetTunnel() throws IOException {
        String keyA = publicKey(wgA);
        String keyB = publicKey(wgB);
        // Remove and add again (setconf would also forget the listen port): no endpoint, no handshake.
        wgA.wg("set", wgA.ifname(), "peer", keyB, "remove");
        wgB.wg("set", wgB.ifname(), "peer", keyA, "remove");
        wgA.addConf(peerSection(keyB, MESH_B));
        wgB.addConf(peerSection(keyA, MESH_A));
        for (NetworkNamespace r : List.of(router1, router2)) {
            Commands.run(concat(r.exec(), "conntrack", "-F"));
        }
    }

    /** The interface's public key, from its dump line. */
    public static String publicKey(WireGuardGo wg) {
        return wg.dumpInterface().split("\t")[1];
    }

    private static String peerSection(String publicKey, String meshAddress) {
        return "[Peer]\nPublicKey = " + publicKey + "\nAllowedIPs = " + meshAddress + "/32\nPersistentKeepalive = 5\n";
    }

    /** Whether a ping from peer 1 crosses the tunnel to peer 2's mesh address. */
    public boolean tunnelUp() throws IOException {
        return Commands.run(concat(peer1.exec(), "ping", "-c", "1", "-W", "1", MESH_B))
                        .exit()
                == 0;
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }

    public NetworkNamespace inet() {
        return inet;
    }

    public NetworkNamespace router1() {
        return router1;
    }

    public NetworkNamespace peer1() {
        return peer1;
    }

    public NetworkNamespace peer2() {
        return peer2;
    }

    public WireGuardGo wireGuardA() {
        return wgA;
    }

    public WireGuardGo wireGuardB() {
        return wgB;
    }

    /** Router 1's miniupnpd; absent in a lab built without port mapping. */
    public MiniUpnpd miniupnpd() {
        if (miniupnpd == null) {
            throw new IllegalStateException("this lab's router 1 runs no miniupnpd");
        }
        return miniupnpd;
    }

    /** A directory of the lab's own for the test's files, removed with the lab. */
    public Path directory() {
        return directory;
    }

    @Override
    public void close() throws IOException {
        try {
            for (AutoCloseable c : new AutoCloseable[] {wgA, wgB, miniupnpd}) {
                if (c != null) {
                    c.close();
                }
            }
            for (Coturn c : stun) {
                c.close();
            }
        } catch (Exception e) {
            throw e instanceof IOException io ? io : new IOException(e);
        } finally {
            for (NetworkNamespace namespace : namespaces) {
                namespace.close();
            }
            Processes.deleteTree(directory);
        }
    }
}
