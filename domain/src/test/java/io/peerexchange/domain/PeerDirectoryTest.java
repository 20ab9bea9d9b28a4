package io.peerexchange.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.Limits;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.testing.Peers;
import io.peerexchange.ports.testing.TestKeys;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Control-plane ids to WireGuard keys: loaded at start, refreshed for unknown ids, updated from events. */
class PeerDirectoryTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    final Scenario world = new Scenario();

    @Test
    void givenLoadedDirectory_applyReported_writesByPublicKey() throws Exception {
        world.lister.peers(Peers.peer(2, null));
        world.wireguard.peer(TestKeys.key(2), null);
        world.directory.load();

        world.applier().applyReported(List.of(PeerEndpoint.of("p-2", "198.51.100.2:40000")));

        assertThat(world.wireguard.endpointOf(TestKeys.key(2))).contains(Endpoint.parse("198.51.100.2:40000"));
        assertThat(world.lister.calls()).isEqualTo(1);
    }

    @Test
    void givenUnknownId_applyReported_reloadsTheStateOnceAndApplies() throws Exception {
        world.lister.peers(Peers.peer(2, null));
        world.directory.load();
        world.advance(Duration.ofMinutes(1));
        world.lister.peers(Peers.peer(2, null), Peers.peer(5, null));
        world.wireguard.peer(TestKeys.key(5), null);

        world.applier().applyReported(List.of(PeerEndpoint.of("p-5", "198.51.100.5:40000")));

        assertThat(world.lister.calls()).isEqualTo(2);
        assertThat(world.wireguard.endpointOf(TestKeys.key(5))).contains(Endpoint.parse("198.51.100.5:40000"));
    }

    @Test
    void givenIdStillUnknownAfterReload_applyReported_skipsItWithAWarningAndAppliesTheRest() throws Exception {
        world.lister.peers(Peers.peer(2, null));
        world.wireguard.peer(TestKeys.key(2), null);

        world.applier()
                .applyReported(List.of(
                        PeerEndpoint.of("p-99", "198.51.100.99:40000"), PeerEndpoint.of("p-2", "198.51.100.2:40000")));

        assertThat(world.wireguard.endpointOf(TestKeys.key(2))).contains(Endpoint.parse("198.51.100.2:40000"));
        assertThat(log.lines("unknown peer id skipped: not in the node's peer list"))
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.level()).isEqualTo("WARN");
                    assertThat(line.key("peer_id")).hasToString("p-99");
                });
    }

    @Test
    void givenThousandsOfUnknownIds_applyReported_warnsOnceWithTheCount() throws Exception {
        world.directory.load();
        List<PeerEndpoint> many = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            many.add(PeerEndpoint.of("p-" + (1000 + i), "198.51.100.9:40000"));
        }

        world.applier().applyReported(many);

        assertThat(log.lines("unknown peer id skipped: not in the node's peer list"))
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.key("peers")).isEqualTo(5000);
                    assertThat(line.key("peer_ids")).asString().startsWith("[p-1000, p-1001");
                });
    }

    @Test
    void givenManyPeersMissingFromTheInterface_applyPeers_warnsOnceWithTheCount() {
        List<io.peerexchange.ports.Peer> peers = new java.util.ArrayList<>();
        for (int i = 0; i < 11; i++) {
            peers.add(Peers.peer(500 + i, "198.51.100.5:40000"));
        }

        world.applier().applyPeers(peers);

        assertThat(log.lines("peer update failed")).singleElement().satisfies(line -> {
            assertThat(line.key("peers")).isEqualTo(11);
            assertThat(line.key("error")).isEqualTo("no such peer on the WireGuard interface");
        });
    }

    @Test
    void givenUnknownIdsInQuickSuccession_applyReported_reloadsAtMostOncePerInterval() throws Exception {
        world.directory.load();
        for (int i = 0; i < 5; i++) {
            world.applier().applyReported(List.of(PeerEndpoint.of("p-" + (100 + i), "198.51.100.9:40000")));
        }
        assertThat(world.lister.calls()).isEqualTo(1);

        world.advance(PeerDirectory.MIN_RELOAD_INTERVAL);
        world.applier().applyReported(List.of(PeerEndpoint.of("p-200", "198.51.100.9:40000")));

        assertThat(world.lister.calls()).isEqualTo(2);
    }

    @Test
    void givenReloadFails_applyReported_logsAndSkipsTheUnknownId() throws Exception {
        world.lister.failWith(
                new ControlPlaneException(ControlPlaneException.Kind.NETWORK, "connection refused", null));

        world.applier().applyReported(List.of(PeerEndpoint.of("p-3", "198.51.100.3:40000")));

        assertThat(log.lines("peer directory reload failed"))
                .singleElement()
                .satisfies(line -> assertThat(line.key("error")).isEqualTo("connection refused"));
        assertThat(world.wireguard.calls()).isZero();
    }

    @Test
    void givenPeerFromEvent_directory_learnsItsKeyForLaterReports() throws Exception {
        world.directory.load();
        world.wireguard.peer(TestKeys.key(6), null);
        world.applier().applyPeers(List.of(Peers.peer(6, null)));

        world.applier().applyReported(List.of(PeerEndpoint.of("p-6", "198.51.100.6:40000")));

        assertThat(world.lister.calls()).isEqualTo(1);
        assertThat(world.wireguard.endpointOf(TestKeys.key(6))).contains(Endpoint.parse("198.51.100.6:40000"));
    }

    @Test
    void givenPeerWithoutEndpoint_applyReported_skipsItSilently() throws Exception {
        world.lister.peers(Peers.peer(2, null));
        world.directory.load();

        world.applier().applyReported(List.of(PeerEndpoint.of("p-2", "")));

        assertThat(world.wireguard.calls()).isZero();
        assertThat(log.matching(l -> l.level().equals("WARN"))).isEmpty();
    }

    @Test
    void givenReload_directory_forgetsPeersNoLongerListed() throws Exception {
        world.lister.peers(Peers.peer(2, null), Peers.peer(3, null));
        world.directory.load();
        world.lister.peers(Peers.peer(3, null));

        world.directory.load();

        assertThat(world.directory.keyOf(new io.peerexchange.ports.NodeId("p-2")))
                .isEmpty();
        assertThat(world.directory.size()).isEqualTo(1);
    }

    @Test
    void givenPeerWhoseKeyChanged_event_updatesTheDirectory() throws Exception {
        world.lister.peers(Peers.peer(2, null));
        world.directory.load();
        var rekeyed = io.peerexchange.ports.Peer.of(
                new io.peerexchange.ports.NodeId("p-2"), TestKeys.key(42), java.util.Optional.empty());

        world.applier().applyPeers(List.of(rekeyed));

        assertThat(world.directory.keyOf(new io.peerexchange.ports.NodeId("p-2")))
                .contains(TestKeys.key(42));
    }

    @Test
    void givenEventsNamingEverNewPeers_put_stopsLearningAtTheCap_butStillUpdatesKnownPeers() {
        // Regression: every event's peer was learned for good, so a control plane streaming events for
        // ever new ids grew the agent's 64 MiB heap without bound.
        for (int n = 1; n <= Limits.MAX_PEERS + 100; n++) {
            world.directory.put(Peers.peer(n, null));
        }
        var rekeyed = io.peerexchange.ports.Peer.of(
                new io.peerexchange.ports.NodeId("p-1"), TestKeys.key(0), java.util.Optional.empty());
        world.directory.put(rekeyed);

        assertThat(world.directory.size()).isEqualTo(Limits.MAX_PEERS);
        assertThat(world.directory.keyOf(new io.peerexchange.ports.NodeId("p-1")))
                .contains(TestKeys.key(0));
        assertThat(world.directory.keyOf(new io.peerexchange.ports.NodeId("p-" + (Limits.MAX_PEERS + 1))))
                .isEmpty();
        assertThat(log.lines("peer directory full; not learning a new peer from an event"))
                .hasSize(100)
                .allSatisfy(line -> assertThat(line.level()).isEqualTo("WARN"));
    }

    @Test
    void givenUnchangedOrLiveEndpoints_applyReported_logsThemWithoutWarnings() throws Exception {
        world.lister.peers(Peers.peer(2, null), Peers.peer(3, null));
        world.directory.load();
        world.wireguard
                .peer(TestKeys.key(2), "198.51.100.2:40000")
                .peer(TestKeys.key(3), "198.51.100.3:40000")
                .receiving(TestKeys.key(3));

        world.applier()
                .applyReported(List.of(
                        PeerEndpoint.of("p-2", "198.51.100.2:40000"), PeerEndpoint.of("p-3", "198.51.100.3:49999")));

        assertThat(world.wireguard.writes()).isEmpty();
        assertThat(log.lines("peer endpoint kept: WireGuard is still receiving on its current path"))
                .singleElement()
                .satisfies(line -> assertThat(line.key("peer_id")).hasToString("p-3"));
    }
}
