package io.peerexchange.testing.netns;

import io.peerexchange.testing.coturn.Coturn;
import io.peerexchange.testing.process.Commands;
import io.peerexchange.testing.process.Processes;
import io.peerexchange.testing.wireguard.WireGuardGo;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The NAT lab in network namespaces named after the suite's prefix {@code P}, in one of the
 * {@link Topology topologies}; docs/ARCHITECTURE.md#nat-lab-topologies has the addresses.
 *
 * <p>{@link #start(String)} is the miniature ({@link Topology#SINGLE_PEER}): {@code P-inet} (STUN
 * server 203.0.113.1 and 2001:db8:ff::1), {@code P-r1} (router, WAN 203.0.113.10: UDP from port
 * 51820 is SNATed to port 40000, everything else MASQUERADEd to a random port; IPv6 routed without
 * NAT) and {@code P-p1} (peer 192.168.1.2 / 2001:db8:1::2, where wireguard-go's {@code P0} listens
 * on 51820).
 *
 * <p>{@link #builder(String)} builds the two-peer topologies: {@code P-inet} with two STUN servers,
 * {@code P-r1} (and {@code P-r2}), {@code P-p1} and {@code P-p2}, each peer with wireguard-go
 * ({@code Pa}, {@code Pb}) on 51820 holding the other as a peer (key and mesh address, no endpoint),
 * unless built {@link Builder#withoutWireGuard()}. Events a router can go through are methods:
 * {@link #remapWireGuardPort()}, {@link #changeWanAddress()}. {@link #close()} removes everything,
 * also after a failed setup.
 */
public final class NatLab implements AutoCloseable {
    public static final int WG_PORT = 51820;
    public static final int SNAT_PORT = 40000;
    public static final int SNAT_PORT_2 = 41000;
    /** Router 2's WireGuard mapping after {@link #remapWireGuardPort()}. */
    public static final int REMAPPED_PORT = 42000;

    public static final String ROUTER_WAN = "203.0.113.10";
    public static final String ROUTER2_WAN = "203.0.113.20";
    /** Router 2's WAN address after {@link #changeWanAddress()}. */
    public static final String ROUTER2_NEW_WAN = "203.0.113.21";
    /** Peer 1's own address in {@link Topology#PUBLIC_AND_SYMMETRIC}. */
    public static final String PUBLIC_PEER = "203.0.113.30";

    public static final String STUN_V4 = "203.0.113.1";
    public static final String STUN2_V4 = "203.0.113.2";
    public static final String STUN_V6 = "2001:db8:ff::1";
    public static final String STUN2_V6 = "2001:db8:ff::2";
    /** The TURN server of {@link Builder#withTurn()}, on the internet bridge beside the STUN servers. */
    public static final String TURN_V4 = "203.0.113.3";

    public static final String TURN_REALM = "px.lab";
    public static final String TURN_USER = "lab";
    /** A lab's password: it is in no production config and never in a log of the agent. */
    public static final String TURN_PASSWORD = "lab-turn-pw";
    /** Where the test's control plane listens (inside {@link #inet()}). */
    public static final String CONTROL_PLANE_ADDRESS = STUN_V4;

    public static final String PEER_V4 = "192.168.1.2";
    public static final String PEER_V6 = "2001:db8:1::2";
    public static final String PEER2_V6 = "2001:db8:2::2";
    /** Peer 1's and 2's unique local addresses in {@link Topology#NAT66}. */
    public static final String PEER_ULA = "fd00:1::2";

    public static final String PEER2_ULA = "fd00:2::2";
    /** Router 1's and 2's IPv6 WAN addresses in {@link Topology#NAT66}, what NAT66 makes of their peers. */
    public static final String ROUTER_WAN_V6 = "2001:db8:ff::10";

    public static final String ROUTER2_WAN_V6 = "2001:db8:ff::20";
    public static final String MESH_1 = "10.99.0.1";
    public static final String MESH_2 = "10.99.0.2";
    public static final int STUN_PORT = 3478;
    /** How long coturn and wireguard-go get to show up as UDP listeners in their namespaces. */
    public static final long LISTENER_MILLIS = 5_000;

    private final String prefix;
    private final Path directory;
    private final Topology topology;
    private final Builder options;
    private final List<NetworkNamespace> namespaces = new ArrayList<>();
    private final List<Coturn> coturns = new ArrayList<>();
    private final List<WireGuardGo> wireguards = new ArrayList<>();
    private Coturn turn;

    private NatLab(String prefix, Path directory, Builder options) {
        this.prefix = prefix;
        this.directory = directory;
        this.topology = options.topology;
        this.options = options;
    }

    /** Builds the miniature with namespaces {@code prefix-inet}, {@code prefix-r1}, {@code prefix-p1}. */
    public static NatLab start(String prefix) throws IOException, InterruptedException {
        return builder(prefix).topology(Topology.SINGLE_PEER).start();
    }

    /** A two-peer lab (default {@link Topology#TWO_NATS}); see {@link Builder}. */
    public static Builder builder(String prefix) {
        return new Builder(prefix);
    }

    /** How to build one lab. */
    public static final class Builder {
        private final String prefix;
        private Topology topology = Topology.TWO_NATS;
        private boolean wireguard = true;
        private final int[] keepalive = {0, 0};
        private boolean turn;

        private Builder(String prefix) {
            if (!prefix.startsWith("px") || prefix.length() > 8) {
                throw new IllegalArgumentException("lab prefixes are px… and at most 8 characters: " + prefix);
            }
            this.prefix = prefix;
        }

        public Builder topology(Topology shape) {
            this.topology = shape;
            return this;
        }

        /** Namespaces, routers and STUN servers only: the peers' port 51820 stays free for probes. */
        public Builder withoutWireGuard() {
            this.wireguard = false;
            return this;
        }

        /**
         * A TURN server too: coturn at {@link #TURN_V4} with the long-term user {@link #TURN_USER}
         * (a two-peer topology only).
         */
        public Builder withTurn() {
            this.turn = true;
            return this;
        }

        /**
         * WireGuard's persistent keepalive toward the other peer, in seconds, for peer 1 or 2 (default
         * 0: off, so that a WireGuard sends nothing unless it has traffic).
         */
        public Builder keepalive(int peer, int seconds) {
            keepalive[index(peer)] = seconds;
            return this;
        }

        public NatLab start() throws IOException, InterruptedException {
            NatLab lab = new NatLab(prefix, Files.createTempDirectory(prefix + "-lab"), this);
            try {
                if (topology.twoPeers()) {
                    lab.buildTwoPeers();
                } else {
                    lab.buildSinglePeer();
                }
                return lab;
            } catch (IOException | InterruptedException | RuntimeException e) {
                lab.close();
                throw e;
            }
        }
    }

    private static int index(int peer) {
        if (peer != 1 && peer != 2) {
            throw new IllegalArgumentException("peers are 1 and 2, not " + peer);
        }
        return peer - 1;
    }

    public Topology topology() {
        return topology;
    }

    public String inet() {
        return prefix + "-inet";
    }

    public String router() {
        return prefix + "-r1";
    }

    /** Router 1's or 2's namespace (which peer is behind which: {@link #routerOf}). */
    public String router(int number) {
        return prefix + "-r" + (index(number) + 1);
    }

    /** The router peer {@code peer} is behind (none for the public peer: its own namespace). */
    public String routerOf(int peer) {
        return switch (topology) {
            case ONE_ROUTER_NO_HAIRPIN, SINGLE_PEER -> router(1);
            case PUBLIC_AND_SYMMETRIC -> peer == 1 ? peer(1) : router(2);
            case TWO_NATS, IPV6_ONLY, NAT66, BOTH_SYMMETRIC -> router(peer);
        };
    }

    public String peer() {
        return prefix + "-p1";
    }

    public String peer(int number) {
        return prefix + "-p" + (index(number) + 1);
    }

    /** The peer's WireGuard interface. */
    public String wgInterface() {
        return prefix + "0";
    }

    /** Peer 1's or 2's wireguard-go interface in a two-peer lab. */
    public String wgInterface(int peer) {
        return prefix + (peer == 1 ? "a" : "b");
    }

    /** Peer 1's or 2's wireguard-go. */
    public WireGuardGo wireGuard(int peer) {
        if (wireguards.size() < 2) {
            throw new IllegalStateException("this lab has no WireGuard of its own for peer " + peer);
        }
        return wireguards.get(index(peer));
    }

    /** The peer's own IPv4 address (its "host candidate"). */
    public String peerV4(int peer) {
        return switch (topology) {
            case SINGLE_PEER -> PEER_V4;
            case ONE_ROUTER_NO_HAIRPIN -> peer == 1 ? PEER_V4 : "192.168.1.3";
            case PUBLIC_AND_SYMMETRIC -> peer == 1 ? PUBLIC_PEER : "192.168.2.2";
            case TWO_NATS, IPV6_ONLY, NAT66, BOTH_SYMMETRIC -> "192.168.%d.2".formatted(peer);
        };
    }

    /**
     * The peer's IPv6 address: only {@link Topology#IPV6_ONLY}, {@link Topology#NAT66} (a unique
     * local one) and the miniature give the peers one.
     */
    public String peerV6(int peer) {
        if (topology == Topology.NAT66) {
            return peer == 1 ? PEER_ULA : PEER2_ULA;
        }
        if (topology == Topology.SINGLE_PEER || (topology == Topology.IPV6_ONLY && peer == 1)) {
            return PEER_V6;
        }
        if (topology == Topology.IPV6_ONLY) {
            return PEER2_V6;
        }
        throw new IllegalStateException(topology + " gives the peers no IPv6");
    }

    /**
     * {@code host:port} of the STUN servers as an agent's {@code --stun-server} takes them: the two
     * IPv4 ones, and in {@link Topology#NAT66} the first IPv6 one too, the only way to learn what
     * NAT66 makes of the WireGuard port.
     */
    public List<String> stunServers() {
        if (topology == Topology.NAT66) {
            return List.of(STUN_V4 + ":" + STUN_PORT, STUN2_V4 + ":" + STUN_PORT, "[" + STUN_V6 + "]:" + STUN_PORT);
        }
        return List.of(STUN_V4 + ":" + STUN_PORT, STUN2_V4 + ":" + STUN_PORT);
    }

    private void buildSinglePeer() throws IOException, InterruptedException {
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
        snatWireGuardPort(router, ROUTER_WAN, SNAT_PORT, null, false);
        router.run("iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE", "--random");

        coturns.add(Coturn.listeningOn(STUN_V4, STUN_V6)
                .behind(inet.exec())
                .port(STUN_PORT)
                .start());
        awaitUdpListener(inet(), STUN_PORT, "turnserver");
        wireguards.add(WireGuardGo.named(wgInterface())
                .in(peer)
                .listenPort(WG_PORT)
                .up()
                .start());
        awaitUdpListener(peer(), WG_PORT, "wireguard-go");
    }

    private void buildTwoPeers() throws IOException, InterruptedException {
        NetworkNamespace inet = add(inet());
        inet.ip("link", "add", "inet0", "type", "bridge");
        address(inet, "inet0", "203.0.113.1/24", STUN_V6 + "/64");
        inet.ip("addr", "add", STUN2_V4 + "/24", "dev", "inet0");
        inet.ip("addr", "add", STUN2_V6 + "/64", "dev", "inet0", "nodad");
        NetworkNamespace p1 = add(peer(1));
        NetworkNamespace p2 = add(peer(2));
        switch (topology) {
            case TWO_NATS, IPV6_ONLY, NAT66 -> {
                NetworkNamespace r1 = natRouter(1, ROUTER_WAN);
                NetworkNamespace r2 = natRouter(2, ROUTER2_WAN);
                snatWireGuardPort(r1, ROUTER_WAN, SNAT_PORT, null, false);
                snatWireGuardPort(r2, ROUTER2_WAN, SNAT_PORT_2, null, false);
                finishNat(r1);
                finishNat(r2);
                lanPeer(r1, p1, "lan", "192.168.1");
                lanPeer(r2, p2, "lan", "192.168.2");
                if (topology == Topology.IPV6_ONLY || topology == Topology.NAT66) {
                    breakIpv4Between(r1, ROUTER2_WAN);
                    breakIpv4Between(r2, ROUTER_WAN);
                }
                if (topology == Topology.IPV6_ONLY) {
                    routeIpv6(inet, r1, p1, 1);
                    routeIpv6(inet, r2, p2, 2);
                }
                if (topology == Topology.NAT66) {
                    nat66(r1, p1, 1, ROUTER_WAN_V6, SNAT_PORT);
                    nat66(r2, p2, 2, ROUTER2_WAN_V6, SNAT_PORT_2);
                }
            }
            case ONE_ROUTER_NO_HAIRPIN -> {
                NetworkNamespace r1 = natRouter(1, ROUTER_WAN);
                snatWireGuardPort(r1, ROUTER_WAN, SNAT_PORT, peerV4(1), false);
                snatWireGuardPort(r1, ROUTER_WAN, SNAT_PORT_2, peerV4(2), false);
                finishNat(r1);
                r1.ip("link", "add", "lan", "type", "bridge");
                r1.ip("addr", "add", "192.168.1.1/24", "dev", "lan");
                r1.ip("link", "set", "lan", "up");
                for (NetworkNamespace peer : List.of(p1, p2)) {
                    String port = "to-" + peer.name().substring(peer.name().length() - 2);
                    r1.ip("link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", peer.name());
                    r1.ip("link", "set", port, "master", "lan", "up");
                }
                peerAddress(p1, peerV4(1), "192.168.1.1");
                peerAddress(p2, peerV4(2), "192.168.1.1");
                // No hairpin, said explicitly: the router's own address is not a way back into its LAN.
                r1.run("iptables", "-A", "INPUT", "-i", "lan", "-d", ROUTER_WAN, "-p", "udp", "-j", "DROP");
            }
            case PUBLIC_AND_SYMMETRIC -> {
                p1.ip("link", "add", "eth0", "type", "veth", "peer", "name", "p1", "netns", inet.name());
                inet.ip("link", "set", "p1", "master", "inet0", "up");
                p1.ip("addr", "add", PUBLIC_PEER + "/24", "dev", "eth0");
                p1.ip("link", "set", "eth0", "up");
                NetworkNamespace r2 = natRouter(2, ROUTER2_WAN);
                symmetricWireGuardPort(r2);
                finishNat(r2);
                lanPeer(r2, p2, "lan", "192.168.2");
            }
            case BOTH_SYMMETRIC -> {
                NetworkNamespace r1 = natRouter(1, ROUTER_WAN);
                NetworkNamespace r2 = natRouter(2, ROUTER2_WAN);
                symmetricWireGuardPort(r1);
                symmetricWireGuardPort(r2);
                finishNat(r1);
                finishNat(r2);
                lanPeer(r1, p1, "lan", "192.168.1");
                lanPeer(r2, p2, "lan", "192.168.2");
            }
            case SINGLE_PEER -> throw new IllegalStateException("not a two-peer topology");
        }
        startStun(inet);
        if (options.turn) {
            startTurn(inet);
        }
        if (options.wireguard) {
            startWireGuards(p1, p2);
        }
    }

    /** A router on the bridge: WAN {@code wan}/24, forwarding on, new inbound connections dropped. */
    private NetworkNamespace natRouter(int number, String wan) throws IOException {
        NetworkNamespace router = add(router(number));
        NetworkNamespace inet = namespaces.get(0);
        String bridgePort = "r" + number;
        router.ip("link", "add", "wan", "type", "veth", "peer", "name", bridgePort, "netns", inet.name());
        inet.ip("link", "set", bridgePort, "master", "inet0", "up");
        router.ip("addr", "add", wan + "/24", "dev", "wan");
        router.ip("link", "set", "wan", "up");
        router.run("sysctl", "-qw", "net.ipv4.ip_forward=1");
        router.run("sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
        // A punched packet must not create a mapping: only conntrack's reply direction gets in.
        router.run("iptables", "-A", "INPUT", "-i", "wan", "-m", "conntrack", "--ctstate", "NEW", "-j", "DROP");
        return router;
    }

    /** Rule: UDP from the WireGuard port (of {@code source}, when given) leaves as {@code wan:port}. */
    private static void snatWireGuardPort(NetworkNamespace router, String wan, int port, String source, boolean replace)
            throws IOException {
        snatWireGuardPort(router, "iptables", wan, port, source, replace);
    }

    /** The same with {@code tool} ({@code iptables} or {@code ip6tables}; {@code wan} then in brackets). */
    private static void snatWireGuardPort(
            NetworkNamespace router, String tool, String wan, int port, String source, boolean replace)
            throws IOException {
        List<String> rule = new ArrayList<>(List.of(tool, "-t", "nat"));
        rule.addAll(replace ? List.of("-R", "POSTROUTING", "1") : List.of("-A", "POSTROUTING"));
        rule.addAll(List.of("-o", "wan", "-p", "udp"));
        if (source != null) {
            rule.addAll(List.of("-s", source));
        }
        rule.addAll(List.of("--sport", Integer.toString(WG_PORT), "-j", "SNAT", "--to-source", wan + ":" + port));
        router.run(rule.toArray(String[]::new));
    }

    /** Symmetric: the WireGuard port gets a new random port for every destination (rule 1 of POSTROUTING). */
    private static void symmetricWireGuardPort(NetworkNamespace router) throws IOException {
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
                "MASQUERADE",
                "--random");
    }

    private static void finishNat(NetworkNamespace router) throws IOException {
        router.run("iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE", "--random");
    }

    private static void lanPeer(NetworkNamespace router, NetworkNamespace peer, String device, String net)
            throws IOException {
        router.ip("link", "add", device, "type", "veth", "peer", "name", "eth0", "netns", peer.name());
        router.ip("addr", "add", net + ".1/24", "dev", device);
        router.ip("link", "set", device, "up");
        peerAddress(peer, net + ".2", net + ".1");
    }

    private static void peerAddress(NetworkNamespace peer, String address, String gateway) throws IOException {
        peer.ip("addr", "add", address + "/24", "dev", "eth0");
        peer.ip("link", "set", "eth0", "up");
        peer.ip("route", "add", "default", "via", gateway);
    }

    /** IPv4 from and to the other router's WAN is dropped, forwarded either way. */
    private static void breakIpv4Between(NetworkNamespace router, String otherWan) throws IOException {
        router.run("iptables", "-I", "FORWARD", "-d", otherWan, "-j", "DROP");
        router.run("iptables", "-I", "FORWARD", "-s", otherWan, "-j", "DROP");
    }

    /** Global IPv6 for peer {@code n} (2001:db8:n::2), routed by its router (2001:db8:ff::n0) without NAT. */
    private static void routeIpv6(NetworkNamespace inet, NetworkNamespace router, NetworkNamespace peer, int n)
            throws IOException {
        String lan = "2001:db8:" + n + "::";
        router.ip("addr", "add", "2001:db8:ff::" + n + "0/64", "dev", "wan", "nodad");
        router.ip("addr", "add", lan + "1/64", "dev", "lan", "nodad");
        peer.ip("addr", "add", lan + "2/64", "dev", "eth0", "nodad");
        peer.ip("-6", "route", "add", "default", "via", lan + "1");
        int other = 3 - n;
        router.ip("-6", "route", "add", "2001:db8:" + other + "::/64", "via", "2001:db8:ff::" + other + "0");
        inet.ip("-6", "route", "add", lan + "/64", "via", "2001:db8:ff::" + n + "0");
    }

    /**
     * Peer {@code n} gets the unique local address fd00:n::2 behind its router, which masquerades it
     * to {@code wan} (the WireGuard port SNATed to {@code port}, as for IPv4) and, like its IPv4,
     * lets in only replies: a punched packet does not create a mapping. The internet has no route
     * to fd00::/8, so nothing but the NAT66 mapping reaches the peer.
     */
    private static void nat66(NetworkNamespace router, NetworkNamespace peer, int n, String wan, int port)
            throws IOException {
        String lan = "fd00:" + n + "::";
        router.ip("addr", "add", wan + "/64", "dev", "wan", "nodad");
        router.ip("addr", "add", lan + "1/64", "dev", "lan", "nodad");
        peer.ip("addr", "add", lan + "2/64", "dev", "eth0", "nodad");
        peer.ip("-6", "route", "add", "default", "via", lan + "1");
        snatWireGuardPort(router, "ip6tables", "[" + wan + "]", port, null, false);
        router.run("ip6tables", "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE", "--random");
        // UDP only: neighbour discovery must still reach the router.
        router.run(
                "ip6tables",
                "-A",
                "INPUT",
                "-i",
                "wan",
                "-p",
                "udp",
                "-m",
                "conntrack",
                "--ctstate",
                "NEW",
                "-j",
                "DROP");
        router.run("ip6tables", "-A", "FORWARD", "-i", "wan", "-m", "conntrack", "--ctstate", "NEW", "-j", "DROP");
    }

    private void startStun(NetworkNamespace inet) throws IOException, InterruptedException {
        coturns.add(Coturn.listeningOn(STUN_V4, STUN_V6)
                .behind(inet.exec())
                .port(STUN_PORT)
                .start());
        coturns.add(Coturn.listeningOn(STUN2_V4, STUN2_V6)
                .behind(inet.exec())
                .port(STUN_PORT)
                .start());
        long deadline = System.nanoTime() + LISTENER_MILLIS * 1_000_000L;
        for (String address : List.of(STUN_V4, STUN2_V4, "[" + STUN_V6 + "]", "[" + STUN2_V6 + "]")) {
            while (!udpListeners(inet(), STUN_PORT).contains(address + ":" + STUN_PORT)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("coturn is not listening on " + address + ":" + STUN_PORT + ": "
                            + inNamespace(inet(), "ss", "-H", "-ulpn"));
                }
                Thread.sleep(20);
            }
        }
    }

    private void startTurn(NetworkNamespace inet) throws IOException, InterruptedException {
        inet.ip("addr", "add", TURN_V4 + "/24", "dev", "inet0");
        turn = Coturn.listeningOn(TURN_V4)
                .behind(inet.exec())
                .port(STUN_PORT)
                .longTermUser(TURN_REALM, TURN_USER, TURN_PASSWORD)
                .relayIp(TURN_V4)
                .start();
        coturns.add(turn);
        awaitTurn();
    }

    private void awaitTurn() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + LISTENER_MILLIS * 1_000_000L;
        while (!udpListeners(inet(), STUN_PORT).contains(TURN_V4 + ":" + STUN_PORT)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the TURN server is not listening on " + turnServer() + ": "
                        + inNamespace(inet(), "ss", "-H", "-ulpn"));
            }
            Thread.sleep(20);
        }
    }

    /** {@code host:port} of the TURN server, as the agent's {@code --turn-server} takes it. */
    public String turnServer() {
        return TURN_V4 + ":" + STUN_PORT;
    }

    /** Stops the TURN server and starts it again (every allocation is gone); returns once it listens. */
    public void restartTurn() throws IOException, InterruptedException {
        if (turn == null) {
            throw new IllegalStateException("this lab was built without a TURN server");
        }
        turn.restart();
        awaitTurn();
    }

    private void startWireGuards(NetworkNamespace p1, NetworkNamespace p2) throws IOException, InterruptedException {
        NetworkNamespace[] peers = {p1, p2};
        String[] mesh = {MESH_1, MESH_2};
        for (int i = 0; i < 2; i++) {
            wireguards.add(WireGuardGo.named(wgInterface(i + 1))
                    .in(peers[i])
                    .listenPort(WG_PORT)
                    .start());
        }
        for (int i = 0; i < 2; i++) {
            String other = keyOf(1 - i);
            List<String> set = new ArrayList<>(
                    List.of("set", wgInterface(i + 1), "peer", other, "allowed-ips", mesh[1 - i] + "/32"));
            if (options.keepalive[i] > 0) {
                set.addAll(List.of("persistent-keepalive", Integer.toString(options.keepalive[i])));
            }
            wireguards.get(i).wg(set.toArray(String[]::new));
            peers[i].ip("addr", "add", mesh[i] + "/24", "dev", wgInterface(i + 1));
            peers[i].ip("link", "set", wgInterface(i + 1), "up");
        }
        awaitUdpListener(peer(1), WG_PORT, "wireguard-go");
        awaitUdpListener(peer(2), WG_PORT, "wireguard-go");
    }

    /** Peer 1's or 2's WireGuard public key (base64). */
    public String publicKey(int peer) throws IOException {
        return keyOf(index(peer));
    }

    private String keyOf(int index) throws IOException {
        Path key = directory.resolve("key-" + index);
        if (!Files.exists(key)) {
            Files.writeString(key, wireguards.get(index).privateKey() + "\n");
        }
        return Commands.ok("sh", "-c", "wg pubkey < " + key).trim();
    }

    /**
     * Router 2 moves peer 2's WireGuard mapping to {@link #REMAPPED_PORT} and forgets every
     * connection ({@code conntrack -F}), as a router reboot or a CGNAT timeout does.
     */
    public void remapWireGuardPort() throws IOException {
        NetworkNamespace router = namespace(routerOf(2));
        snatWireGuardPort(router, ROUTER2_WAN, REMAPPED_PORT, null, true);
        router.run("conntrack", "-F");
    }

    /** Router 2's WAN address becomes {@link #ROUTER2_NEW_WAN}; the old one is gone and so is every connection. */
    public void changeWanAddress() throws IOException {
        NetworkNamespace router = namespace(routerOf(2));
        // Without promotion, deleting the primary address deletes the secondary with it.
        router.run("sysctl", "-qw", "net.ipv4.conf.wan.promote_secondaries=1");
        router.ip("addr", "add", ROUTER2_NEW_WAN + "/24", "dev", "wan");
        router.ip("addr", "del", ROUTER2_WAN + "/24", "dev", "wan");
        snatWireGuardPort(router, ROUTER2_NEW_WAN, SNAT_PORT_2, null, true);
        router.run("conntrack", "-F");
    }

    /**
     * Peer {@code peer}'s router becomes endpoint-independent, live: the WireGuard port leaves as
     * {@link #SNAT_PORT} or {@link #SNAT_PORT_2} whatever the destination and that port is forwarded
     * to the peer from anywhere. Only the WireGuard port's connections are forgotten, so that its
     * next packets take the new mapping while the TURN client's connection (another port) stays.
     */
    public void makeEndpointIndependent(int peer) throws IOException {
        NetworkNamespace router = namespace(routerOf(peer));
        String wan = peer == 1 ? ROUTER_WAN : ROUTER2_WAN;
        int port = peer == 1 ? SNAT_PORT : SNAT_PORT_2;
        router.run(
                "iptables",
                "-t",
                "nat",
                "-I",
                "PREROUTING",
                "1",
                "-i",
                "wan",
                "-p",
                "udp",
                "--dport",
                Integer.toString(port),
                "-j",
                "DNAT",
                "--to-destination",
                peerV4(peer) + ":" + WG_PORT);
        snatWireGuardPort(router, wan, port, null, true);
        Commands.run(List.of(
                "ip", "netns", "exec", router.name(), "conntrack", "-D", "-p", "udp", "--orig-port-src", "" + WG_PORT));
    }

    private NetworkNamespace namespace(String name) {
        return namespaces.stream()
                .filter(ns -> ns.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no namespace " + name + " in this lab"));
    }

    /**
     * Runs {@link UdpProbe} with {@code args} in namespace {@code ns}: its output, exit code included
     * ({@link Commands.Result}).
     */
    public Commands.Result probe(String ns, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                ns,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-cp",
                probeClasspath(),
                UdpProbe.class.getName()));
        command.addAll(List.of(args));
        return Commands.run(command);
    }

    private static String probeClasspath() {
        try {
            return new File(UdpProbe.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .getPath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the testing module's own location is a file URL", e);
        }
    }

    private NetworkNamespace add(String name) throws IOException {
        NetworkNamespace namespace = NetworkNamespace.fresh(name);
        namespaces.add(namespace);
        // No duplicate address detection: a tentative link-local address stalls IPv6 for a second or two.
        namespace.run("sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0", "net.ipv6.conf.all.accept_dad=0");
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
            for (WireGuardGo wireguard : wireguards) {
                wireguard.close();
            }
            for (Coturn coturn : coturns) {
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
