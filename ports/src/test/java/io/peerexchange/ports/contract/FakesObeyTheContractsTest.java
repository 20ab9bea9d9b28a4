package io.peerexchange.ports.contract;

import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointReport;
import io.peerexchange.ports.EndpointReporter;
import io.peerexchange.ports.EventSubscriptions;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.PeerUpdater;
import io.peerexchange.ports.ReconcileReason;
import io.peerexchange.ports.StunClient;
import io.peerexchange.ports.StunServer;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.testing.FakeEndpointReporter;
import io.peerexchange.ports.testing.FakeEventSubscriptions;
import io.peerexchange.ports.testing.FakePeerUpdater;
import io.peerexchange.ports.testing.FakeStunClient;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;

/** The fakes other modules test against obey the same contracts as the real adapters. */
class FakesObeyTheContractsTest {

    @Nested
    class Stun extends StunClientContract {
        final FakeStunClient client =
                new FakeStunClient().server("stun.test:3478", "198.51.100.1:3478", "203.0.113.5:40000");

        @Override
        protected StunClient client() {
            return client;
        }

        @Override
        protected StunServer answeringServer() {
            return StunServer.parse("stun.test:3478");
        }

        @Override
        protected StunServer silentServer() {
            return StunServer.parse("silent.test:3478");
        }
    }

    @Nested
    class Updater extends PeerUpdaterContract {
        final FakePeerUpdater fake = new FakePeerUpdater();

        @Override
        protected PeerUpdater updater() {
            return fake;
        }

        @Override
        protected void givenPeer(WireGuardKey key, String endpoint) {
            fake.peer(key, endpoint);
        }

        @Override
        protected boolean peerExists(WireGuardKey key) {
            return fake.exists(key);
        }

        @Override
        protected Optional<Endpoint> endpointOf(WireGuardKey key) {
            return fake.endpointOf(key);
        }
    }

    @Nested
    class Reporter extends EndpointReporterContract {
        final FakeEndpointReporter fake = new FakeEndpointReporter();

        @Override
        protected EndpointReporter reporter() {
            return fake;
        }

        @Override
        protected void givenControlPlaneAnswers(List<PeerEndpoint> peers) {
            fake.answer(peers.toArray(PeerEndpoint[]::new));
        }

        @Override
        protected void givenControlPlaneFailsWith(int status) {
            ControlPlaneException.Kind kind = switch (status) {
                case 401 -> ControlPlaneException.Kind.UNAUTHORIZED;
                case 500, 502, 503, 504 -> ControlPlaneException.Kind.SERVER_ERROR;
                default -> ControlPlaneException.Kind.UNEXPECTED_STATUS;
            };
            fake.failWith(new ControlPlaneException(kind, status, "status " + status, null, null));
        }

        @Override
        protected EndpointReport lastReportReceived() {
            List<EndpointReport> reports = fake.reports();
            return reports.get(reports.size() - 1);
        }
    }

    @Nested
    class Events extends EventSubscriptionsContract {
        final FakeEventSubscriptions fake = new FakeEventSubscriptions();

        @Override
        protected EventSubscriptions subscriptions() {
            return fake;
        }

        @Override
        protected void deliverPeerEndpointChanged(Peer peer) {
            fake.publishPeerEndpointChanged(peer);
        }

        @Override
        protected void deliverPeerEndpointChangedById(PeerEndpoint peer) {
            fake.publishPeerEndpointChangedById(peer);
        }

        @Override
        protected void deliverPeerAdded(Peer peer) {
            fake.publishPeerAdded(peer);
        }

        @Override
        protected void deliverPeerRemoved(Peer peer) {
            fake.publishPeerRemoved(peer.id());
        }

        @Override
        protected void deliverPeerKeyRotated(Peer peer) {
            fake.publishPeerKeyRotated(peer);
        }

        @Override
        protected void deliverNodeStateUpdated() {
            fake.publishReconcileRequested(ReconcileReason.NODE_STATE_UPDATED);
        }
    }
}
