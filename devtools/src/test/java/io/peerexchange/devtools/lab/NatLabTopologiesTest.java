package io.peerexchange.devtools.lab;

import static io.peerexchange.testing.netns.NatLab.ROUTER2_NEW_WAN;
import static io.peerexchange.testing.netns.NatLab.ROUTER2_WAN;
import static io.peerexchange.testing.netns.NatLab.ROUTER_WAN;
import static io.peerexchange.testing.netns.NatLab.SNAT_PORT;
import static io.peerexchange.testing.netns.NatLab.SNAT_PORT_2;
import static io.peerexchange.testing.netns.NatLab.STUN_PORT;
import static io.peerexchange.testing.netns.NatLab.STUN_V6;
import static io.peerexchange.testing.netns.NatLab.WG_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.testing.env.Require;
import io.peerexchange.testing.netns.NatLab;
import io.peerexchange.testing.netns.Topology;
import io.peerexchange.testing.netns.UdpProbe;
import io.peerexchange.testing.process.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each NAT lab topology is what it claims, shown with UDP from the WireGuard port before any
 * WireGuard runs: {@link UdpProbe} asks both STUN servers for the mapping and punches holes from
 * both peers at once.
 */
class NatLabTopologiesTest {
    private static final String PREFIX = "pxt";
    private static final long PUNCH_MILLIS = 1_500;
    private static final String PORT = Integer.toString(WG_PORT);

    @BeforeEach
    void requireRoot() {
        Require.root("the NAT lab needs network namespaces, iptables, conntrack and coturn");
        Require.commands("iptables", "conntrack", "turnserver", "ss");
    }

    private static NatLab lab(Topology topology) throws Exception {
        return NatLab.builder(PREFIX).topology(topology).withoutWireGuard().start();
    }

    /** What the two STUN servers saw of {@code peer}'s WireGuard port. */
    private static List<String> mappings(NatLab lab, int peer, String... servers) throws IOException {
        Commands.Result result = lab.probe(lab.peer(peer), args("stun", PORT, servers));
        assertThat(result.exit()).as("stun probe: %s", result.output()).isZero();
        return result.output().lines().map(line -> line.split(" ")[1]).toList();
    }

    private static String[] args(String command, String port, String... rest) {
        String[] all = new String[rest.length + 2];
        all[0] = command;
        all[1] = port;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }

    /** Both peers punch at once, each toward the address given for the other; answers both outputs. */
    private static List<Commands.Result> punch(NatLab lab, String toPeer2, String toPeer1) {
        CompletableFuture<Commands.Result> one =
                CompletableFuture.supplyAsync(() -> probe(lab, 1, "punch", PORT, toPeer2, Long.toString(PUNCH_MILLIS)));
        CompletableFuture<Commands.Result> two =
                CompletableFuture.supplyAsync(() -> probe(lab, 2, "punch", PORT, toPeer1, Long.toString(PUNCH_MILLIS)));
        return List.of(one.join(), two.join());
    }

    private static Commands.Result probe(NatLab lab, int peer, String... args) {
        try {
            return lab.probe(lab.peer(peer), args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String servers1() {
        return NatLab.STUN_V4 + ":" + STUN_PORT;
    }

    private static String servers2() {
        return NatLab.STUN2_V4 + ":" + STUN_PORT;
    }

    @Test
    void givenTwoNats_eachMapsTheWireGuardPortToOnePortForEveryDestination_andPunchingBothWaysGetsThrough()
            throws Exception {
        try (NatLab lab = lab(Topology.TWO_NATS)) {
            assertThat(mappings(lab, 1, servers1(), servers2()))
                    .containsExactly(ROUTER_WAN + ":" + SNAT_PORT, ROUTER_WAN + ":" + SNAT_PORT);
            assertThat(mappings(lab, 2, servers1(), servers2()))
                    .containsExactly(ROUTER2_WAN + ":" + SNAT_PORT_2, ROUTER2_WAN + ":" + SNAT_PORT_2);

            List<Commands.Result> punched = punch(lab, ROUTER2_WAN + ":" + SNAT_PORT_2, ROUTER_WAN + ":" + SNAT_PORT);

            assertThat(punched.get(0).output()).contains("received " + ROUTER2_WAN + ":" + SNAT_PORT_2);
            assertThat(punched.get(1).output()).contains("received " + ROUTER_WAN + ":" + SNAT_PORT);
        }
    }

    @Test
    void givenOneRouterThatDoesNotHairpin_theOthersMappingFails_andTheLanAddressWorks() throws Exception {
        try (NatLab lab = lab(Topology.ONE_ROUTER_NO_HAIRPIN)) {
            assertThat(mappings(lab, 1, servers1())).containsExactly(ROUTER_WAN + ":" + SNAT_PORT);
            assertThat(mappings(lab, 2, servers1())).containsExactly(ROUTER_WAN + ":" + SNAT_PORT_2);

            List<Commands.Result> hairpin = punch(lab, ROUTER_WAN + ":" + SNAT_PORT_2, ROUTER_WAN + ":" + SNAT_PORT);
            List<Commands.Result> lan = punch(lab, lab.peerV4(2) + ":" + PORT, lab.peerV4(1) + ":" + PORT);

            assertThat(hairpin)
                    .allSatisfy(result -> assertThat(result.exit())
                            .as("through the router's own address: %s", result.output())
                            .isEqualTo(UdpProbe.NOTHING_RECEIVED));
            assertThat(lan.get(0).output()).contains("received " + lab.peerV4(2) + ":" + PORT);
            assertThat(lan.get(1).output()).contains("received " + lab.peerV4(1) + ":" + PORT);
        }
    }

    @Test
    void givenPublicPeerAndSymmetricNat_eachDestinationGetsItsOwnPort_soOnlyThePeersOwnPacketsShowTheWay()
            throws Exception {
        try (NatLab lab = lab(Topology.PUBLIC_AND_SYMMETRIC)) {
            assertThat(mappings(lab, 1, servers1(), servers2()))
                    .containsExactly(NatLab.PUBLIC_PEER + ":" + PORT, NatLab.PUBLIC_PEER + ":" + PORT);
            List<String> symmetric = mappings(lab, 2, servers1(), servers2());
            assertThat(symmetric).allSatisfy(mapped -> assertThat(mapped).startsWith(ROUTER2_WAN + ":"));
            assertThat(symmetric.get(0)).as("mapping per destination").isNotEqualTo(symmetric.get(1));

            List<Commands.Result> punched = punch(lab, symmetric.get(0), NatLab.PUBLIC_PEER + ":" + PORT);

            String seen = punched.get(0).output().strip();
            assertThat(seen).startsWith("received " + ROUTER2_WAN + ":");
            assertThat(seen)
                    .as("peer 2's packets come from a port of their own")
                    .doesNotEndWith(symmetric.get(0));
            assertThat(punched.get(1).output()).contains("received " + NatLab.PUBLIC_PEER + ":" + PORT);
        }
    }

    @Test
    void givenIpv6Only_ipv4BetweenThePeersIsDropped_andIpv6IsRoutedEndToEnd() throws Exception {
        try (NatLab lab = lab(Topology.IPV6_ONLY)) {
            assertThat(mappings(lab, 1, servers1(), "[" + STUN_V6 + "]:" + STUN_PORT))
                    .containsExactly(ROUTER_WAN + ":" + SNAT_PORT, "[" + lab.peerV6(1) + "]:" + PORT);

            List<Commands.Result> v4 = punch(lab, ROUTER2_WAN + ":" + SNAT_PORT_2, ROUTER_WAN + ":" + SNAT_PORT);
            List<Commands.Result> v6 = punch(lab, "[" + lab.peerV6(2) + "]:" + PORT, "[" + lab.peerV6(1) + "]:" + PORT);

            assertThat(v4)
                    .allSatisfy(result -> assertThat(result.exit())
                            .as("IPv4 between the routers: %s", result.output())
                            .isEqualTo(UdpProbe.NOTHING_RECEIVED));
            assertThat(v6.get(0).output()).contains("received [" + lab.peerV6(2) + "]:" + PORT);
            assertThat(v6.get(1).output()).contains("received [" + lab.peerV6(1) + "]:" + PORT);
        }
    }

    @Test
    void givenNat66_stunOverIpv6SeesTheRoutersMapping_andOnlyAPunchedIpv6PairGetsThrough() throws Exception {
        try (NatLab lab = lab(Topology.NAT66)) {
            String v6Mapping1 = "[" + NatLab.ROUTER_WAN_V6 + "]:" + SNAT_PORT;
            String v6Mapping2 = "[" + NatLab.ROUTER2_WAN_V6 + "]:" + SNAT_PORT_2;
            assertThat(mappings(lab, 1, servers1(), "[" + STUN_V6 + "]:" + STUN_PORT))
                    .containsExactly(ROUTER_WAN + ":" + SNAT_PORT, v6Mapping1);
            assertThat(mappings(lab, 2, "[" + STUN_V6 + "]:" + STUN_PORT)).containsExactly(v6Mapping2);

            List<Commands.Result> v4 = punch(lab, ROUTER2_WAN + ":" + SNAT_PORT_2, ROUTER_WAN + ":" + SNAT_PORT);
            List<Commands.Result> ula =
                    punch(lab, "[" + lab.peerV6(2) + "]:" + PORT, "[" + lab.peerV6(1) + "]:" + PORT);
            List<Commands.Result> v6 = punch(lab, v6Mapping2, v6Mapping1);

            assertThat(v4)
                    .allSatisfy(result -> assertThat(result.exit())
                            .as("IPv4 between the routers: %s", result.output())
                            .isEqualTo(UdpProbe.NOTHING_RECEIVED));
            assertThat(ula)
                    .allSatisfy(result -> assertThat(result.exit())
                            .as("unique local addresses across the internet: %s", result.output())
                            .isEqualTo(UdpProbe.NOTHING_RECEIVED));
            assertThat(v6.get(0).output()).contains("received " + v6Mapping2);
            assertThat(v6.get(1).output()).contains("received " + v6Mapping1);
        }
    }

    @Test
    void givenRemap_router2MapsTheWireGuardPortElsewhere_andForgetsItsConnections() throws Exception {
        try (NatLab lab = lab(Topology.TWO_NATS)) {
            assertThat(mappings(lab, 2, servers1())).containsExactly(ROUTER2_WAN + ":" + SNAT_PORT_2);

            lab.remapWireGuardPort();

            assertThat(NatLab.inNamespace(lab.router(2), "conntrack", "-L", "-p", "udp"))
                    .doesNotContain("sport=" + PORT);
            assertThat(mappings(lab, 2, servers1())).containsExactly(ROUTER2_WAN + ":" + NatLab.REMAPPED_PORT);
        }
    }

    @Test
    void givenNewWanAddress_router2MapsFromTheNewAddressOnly() throws Exception {
        try (NatLab lab = lab(Topology.TWO_NATS)) {
            assertThat(mappings(lab, 2, servers1())).containsExactly(ROUTER2_WAN + ":" + SNAT_PORT_2);

            lab.changeWanAddress();

            assertThat(mappings(lab, 2, servers1(), servers2()))
                    .containsExactly(ROUTER2_NEW_WAN + ":" + SNAT_PORT_2, ROUTER2_NEW_WAN + ":" + SNAT_PORT_2);
            assertThat(NatLab.inNamespace(lab.router(2), "ip", "-4", "-o", "addr", "show", "dev", "wan"))
                    .doesNotContain(ROUTER2_WAN + "/");
        }
    }

    @Test
    void givenIdlePeer_itsWireGuardHasNoKeepalive_andNeitherHasAnEndpoint() throws Exception {
        try (NatLab lab = NatLab.builder(PREFIX).keepalive(1, 5).start()) {
            String active = lab.wireGuard(1).wg("show", lab.wgInterface(1), "dump");
            String idle = lab.wireGuard(2).wg("show", lab.wgInterface(2), "dump");

            assertThat(active.lines().skip(1).findFirst().orElseThrow())
                    .contains(lab.publicKey(2))
                    .contains("(none)")
                    .endsWith("\t5");
            assertThat(idle.lines().skip(1).findFirst().orElseThrow())
                    .contains(lab.publicKey(1))
                    .contains("(none)")
                    .endsWith("\toff");
            assertThat(lab.udpListeners(lab.peer(2), WG_PORT)).contains("wireguard-go");
        }
    }
}
