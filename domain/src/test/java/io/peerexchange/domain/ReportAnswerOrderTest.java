package io.peerexchange.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointReporter;
import io.peerexchange.ports.EndpointResponse;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.testing.Peers;
import io.peerexchange.ports.testing.TestKeys;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A report's answer is computed when the control plane receives the report; an event that arrives
 * while the answer is on its way is newer, and the answer must not write the older endpoint back.
 */
class ReportAnswerOrderTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    final Scenario world = new Scenario();
    PeerEndpointApplier applier;

    @BeforeEach
    void setUp() throws Exception {
        world.lister.peers(Peers.peer(2, "198.51.100.2:40000"), Peers.peer(3, "198.51.100.3:40000"));
        world.wireguard.peer(TestKeys.key(2), null).peer(TestKeys.key(3), null);
        applier = world.applier();
        applier.applyPeers(world.directory.load());
    }

    @Test
    void givenAnEventAfterTheReportLeft_answer_keepsTheEventsEndpointAndAppliesTheOtherPeers() throws Exception {
        long leftAt = applier.reportLeaving();
        applier.applyPeers(List.of(Peers.peer(2, "198.51.100.2:40500")));

        applier.applyReported(
                List.of(PeerEndpoint.of("p-2", "198.51.100.2:40000"), PeerEndpoint.of("p-3", "198.51.100.3:40300")),
                leftAt);

        assertThat(world.wireguard.endpointOf(TestKeys.key(2))).contains(Endpoint.parse("198.51.100.2:40500"));
        assertThat(world.wireguard.endpointOf(TestKeys.key(3))).contains(Endpoint.parse("198.51.100.3:40300"));
        assertThat(log.lines("report answer entry skipped: an event since the report left is newer"))
                .singleElement()
                .satisfies(line -> assertThat(line.key("peer_id")).hasToString("p-2"));
    }

    @Test
    void givenAnEventBeforeTheReportLeft_answer_isTheNewerWordAndApplies() throws Exception {
        applier.applyPeers(List.of(Peers.peer(2, "198.51.100.2:40500")));
        long leftAt = applier.reportLeaving();

        applier.applyReported(List.of(PeerEndpoint.of("p-2", "198.51.100.2:40600")), leftAt);

        assertThat(world.wireguard.endpointOf(TestKeys.key(2))).contains(Endpoint.parse("198.51.100.2:40600"));
        assertThat(log.lines("report answer entry skipped: an event since the report left is newer"))
                .isEmpty();
    }

    @Test
    void givenAnEventNamingThePeerByIdAfterTheReportLeft_answer_keepsTheEventsEndpoint() throws Exception {
        long leftAt = applier.reportLeaving();
        applier.applyEventsById(List.of(PeerEndpoint.of("p-3", "198.51.100.3:40500")));

        applier.applyReported(List.of(PeerEndpoint.of("p-3", "198.51.100.3:40000")), leftAt);

        assertThat(world.wireguard.endpointOf(TestKeys.key(3))).contains(Endpoint.parse("198.51.100.3:40500"));
    }

    @Test
    void givenAnEventWhileTheReportIsInFlight_run_leavesWireGuardAtTheEventsEndpoint() throws Exception {
        world.stun
                .server("stun1.test:3478", "198.51.100.1:3478", "203.0.113.10:40000")
                .server("stun2.test:3478", "198.51.100.9:3478", "203.0.113.10:40000");
        AtomicInteger reports = new AtomicInteger();
        // The control plane answers with the state it had when the report arrived; p-2's event overtakes the answer.
        EndpointReporter racing = (nodeId, report) -> {
            if (reports.incrementAndGet() == 1) {
                applier.applyPeers(List.of(Peers.peer(2, "198.51.100.2:40500")));
            }
            return new EndpointResponse(List.of(PeerEndpoint.of("p-2", "198.51.100.2:40000")));
        };
        try (Scenario.Running loop = world.start(world.discoverer(), racing, applier, ReportGate.OPEN)) {
            world.sleeper.awaitSleeps(1);
        }

        assertThat(reports.get()).isEqualTo(1);
        assertThat(world.wireguard.endpointOf(TestKeys.key(2))).contains(Endpoint.parse("198.51.100.2:40500"));
    }
}
