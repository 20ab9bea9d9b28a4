package io.peerexchange.domain;

import static io.peerexchange.domain.ExchangerTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.testing.Peers;
import io.peerexchange.ports.testing.TestKeys;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Peer lifecycle events keep the id → key directory true; WireGuard peers are never added or removed. */
class PeerLifecycleTest {
    @RegisterExtension
    final LogCapture log = new LogCapture();

    final Scenario world = new Scenario();
    Exchanger exchanger;

    @BeforeEach
    void register() throws Exception {
        world.lister.peers(Peers.peer(1, null), Peers.peer(2, null));
        world.directory.load();
        exchanger = world.exchanger();
        exchanger.registerHandlers(world.events);
    }

    @AfterEach
    void close() {
        exchanger.close();
    }

    @Test
    void givenKeylessEndpointEvent_forKnownPeer_isWrittenToItsKey() throws Exception {
        world.wireguard.peer(TestKeys.key(2), null);

        world.events.publishPeerEndpointChangedById(PeerEndpoint.of("p-2", "198.51.100.2:40000"));

        eventually(() ->
                assertThat(world.wireguard.endpointOf(TestKeys.key(2))).contains(Endpoint.parse("198.51.100.2:40000")));
    }

    @Test
    void givenKeylessEndpointEvent_forUnknownPeer_reloadsTheStateAndWrites() throws Exception {
        world.wireguard.peer(TestKeys.key(9), null);
        world.lister.peers(Peers.peer(1, null), Peers.peer(2, null), Peers.peer(9, null));
        world.advance(PeerDirectory.MIN_RELOAD_INTERVAL.plusSeconds(1));

        world.events.publishPeerEndpointChangedById(PeerEndpoint.of("p-9", "198.51.100.9:40000"));

        eventually(() ->
                assertThat(world.wireguard.endpointOf(TestKeys.key(9))).contains(Endpoint.parse("198.51.100.9:40000")));
        assertThat(world.lister.calls()).isEqualTo(2);
    }

    @Test
    void givenPeerAdded_laterKeylessEndpoints_reachItsKey() throws Exception {
        world.wireguard.peer(TestKeys.key(5), null);

        world.events.publishPeerAdded(Peers.peer(5, null));
        world.events.publishPeerEndpointChangedById(PeerEndpoint.of("p-5", "198.51.100.5:40000"));

        eventually(() ->
                assertThat(world.wireguard.endpointOf(TestKeys.key(5))).contains(Endpoint.parse("198.51.100.5:40000")));
        assertThat(world.directory.keyOf(new NodeId("p-5"))).contains(TestKeys.key(5));
        assertThat(world.wireguard.exists(TestKeys.key(5))).isTrue();
        assertThat(log.lines("peer added")).hasSize(1);
    }

    @Test
    void givenKeyRotated_nextEndpointReachesTheNewKey_andTheKnownEndpointIsCarriedOver() throws Exception {
        world.wireguard.peer(TestKeys.key(2), null).peer(TestKeys.key(12), null);
        world.events.publishPeerEndpointChanged(Peers.peer(2, "198.51.100.2:40000"));
        eventually(() ->
                assertThat(world.wireguard.endpointOf(TestKeys.key(2))).contains(Endpoint.parse("198.51.100.2:40000")));

        world.events.publishPeerKeyRotated(Peer.of(new NodeId("p-2"), TestKeys.key(12), Optional.empty()));

        eventually(() -> assertThat(world.wireguard.endpointOf(TestKeys.key(12)))
                .as("the endpoint learned for the old key, now on the new one")
                .contains(Endpoint.parse("198.51.100.2:40000")));
        world.events.publishPeerEndpointChangedById(PeerEndpoint.of("p-2", "198.51.100.2:41000"));
        eventually(() -> assertThat(world.wireguard.endpointOf(TestKeys.key(12)))
                .contains(Endpoint.parse("198.51.100.2:41000")));
        assertThat(world.wireguard.endpointOf(TestKeys.key(2))).contains(Endpoint.parse("198.51.100.2:40000"));
        assertThat(log.lines("peer key rotated"))
                .singleElement()
                .satisfies(line -> assertThat(line.key("public_key")).isEqualTo(TestKeys.key(12)));
    }

    @Test
    void givenPeerRemoved_laterEndpointsForItsId_areALoggedSkip() throws Exception {
        world.wireguard.peer(TestKeys.key(1), "198.51.100.1:40000");

        world.events.publishPeerRemoved(new NodeId("p-1"));
        world.events.publishPeerEndpointChanged(Peers.peer(1, "198.51.100.1:45000"));
        world.events.publishPeerEndpointChangedById(PeerEndpoint.of("p-1", "198.51.100.1:46000"));

        eventually(
                () -> assertThat(log.lines(PeerEndpointApplier.REMOVED_SKIPPED)).hasSize(2));
        assertThat(world.wireguard.endpointOf(TestKeys.key(1))).contains(Endpoint.parse("198.51.100.1:40000"));
        assertThat(world.wireguard.exists(TestKeys.key(1)))
                .as("the agent never removes a WireGuard peer")
                .isTrue();
        assertThat(world.directory.keyOf(new NodeId("p-1"))).isEmpty();
        assertThat(log.lines("peer removed")).hasSize(1);
    }

    @Test
    void givenPeerRemovedThenAddedAgain_itsEndpointsApplyAgain() throws Exception {
        world.wireguard.peer(TestKeys.key(1), null);
        world.events.publishPeerRemoved(new NodeId("p-1"));

        world.events.publishPeerAdded(Peers.peer(1, "198.51.100.1:47000"));

        eventually(() ->
                assertThat(world.wireguard.endpointOf(TestKeys.key(1))).contains(Endpoint.parse("198.51.100.1:47000")));
        assertThat(world.directory.isRemoved(new NodeId("p-1"))).isFalse();
    }
}
