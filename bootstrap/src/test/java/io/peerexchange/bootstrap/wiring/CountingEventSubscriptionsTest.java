package io.peerexchange.bootstrap.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.EventHandler;
import io.peerexchange.ports.EventSubscriptions;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.ReconcileReason;
import io.peerexchange.ports.telemetry.AgentMetrics;
import io.peerexchange.ports.telemetry.RejectReason;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A delivered event is counted received, then applied, or rejected as {@code handler_error}. */
class CountingEventSubscriptionsTest {
    private final List<String> counted = new CopyOnWriteArrayList<>();
    private final AgentMetrics metrics = new AgentMetrics() {
        @Override
        public void eventReceived(String type) {
            counted.add("received " + type);
        }

        @Override
        public void eventApplied(String type) {
            counted.add("applied " + type);
        }

        @Override
        public void eventRejected(RejectReason reason) {
            counted.add("rejected " + reason.label());
        }
    };

    /** Keeps the one reconcile handler registered, the others are not needed here. */
    private static final class OneHandler implements EventSubscriptions {
        EventHandler<ReconcileReason> reconcile;

        @Override
        public void onPeerEndpointChanged(EventHandler<Peer> handler) {}

        @Override
        public void onPeerEndpointChangedById(EventHandler<PeerEndpoint> handler) {}

        @Override
        public void onPeerAdded(EventHandler<Peer> handler) {}

        @Override
        public void onPeerRemoved(EventHandler<NodeId> handler) {}

        @Override
        public void onPeerKeyRotated(EventHandler<Peer> handler) {}

        @Override
        public void onPeerSnapshot(EventHandler<List<Peer>> handler) {}

        @Override
        public void onReconcileRequested(EventHandler<ReconcileReason> handler) {
            reconcile = handler;
        }
    }

    @Test
    void givenAHandlerThatFails_theEvent_isCountedReceivedAndRejectedAsHandlerError() {
        OneHandler source = new OneHandler();
        new CountingEventSubscriptions(source, metrics).onReconcileRequested(reason -> {
            throw new IllegalStateException("the core fails");
        });

        assertThatThrownBy(() -> source.reconcile.handle(ReconcileReason.NODE_STATE_UPDATED))
                .isInstanceOf(IllegalStateException.class);
        assertThat(counted).containsExactly("received reconcile_requested", "rejected handler_error");
    }

    @Test
    void givenAHandlerThatSucceeds_theEvent_isCountedReceivedAndApplied() throws Exception {
        OneHandler source = new OneHandler();
        new CountingEventSubscriptions(source, metrics).onReconcileRequested(reason -> {});

        source.reconcile.handle(ReconcileReason.NODE_STATE_UPDATED);

        assertThat(counted).containsExactly("received reconcile_requested", "applied reconcile_requested");
    }
}
