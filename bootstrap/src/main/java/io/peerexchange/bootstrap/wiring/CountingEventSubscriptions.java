package io.peerexchange.bootstrap.wiring;

import io.peerexchange.ports.EventHandler;
import io.peerexchange.ports.EventSubscriptions;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.ReconcileReason;
import io.peerexchange.ports.telemetry.AgentMetrics;
import io.peerexchange.ports.telemetry.RejectReason;
import java.util.List;

/**
 * The event source as the core registers on it, with each delivered event counted: received, then
 * applied, or rejected as {@code handler_error} when the core's handler threw. Events the adapter
 * refuses before any handler (a bad signature, a replay) the adapter counts itself.
 */
final class CountingEventSubscriptions implements EventSubscriptions {
    private final EventSubscriptions delegate;
    private final AgentMetrics metrics;

    CountingEventSubscriptions(EventSubscriptions delegate, AgentMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    private <T> EventHandler<T> counted(String type, EventHandler<T> handler) {
        return event -> {
            metrics.eventReceived(type);
            try {
                handler.handle(event);
            } catch (Exception e) {
                metrics.eventRejected(RejectReason.HANDLER_ERROR);
                throw e;
            }
            metrics.eventApplied(type);
        };
    }

    @Override
    public void onPeerEndpointChanged(EventHandler<Peer> handler) {
        delegate.onPeerEndpointChanged(counted("peer_endpoint_changed", handler));
    }

    @Override
    public void onPeerEndpointChangedById(EventHandler<PeerEndpoint> handler) {
        delegate.onPeerEndpointChangedById(counted("peer_endpoint_changed", handler));
    }

    @Override
    public void onPeerAdded(EventHandler<Peer> handler) {
        delegate.onPeerAdded(counted("peer_added", handler));
    }

    @Override
    public void onPeerRemoved(EventHandler<NodeId> handler) {
        delegate.onPeerRemoved(counted("peer_removed", handler));
    }

    @Override
    public void onPeerKeyRotated(EventHandler<Peer> handler) {
        delegate.onPeerKeyRotated(counted("peer_key_rotated", handler));
    }

    @Override
    public void onPeerSnapshot(EventHandler<List<Peer>> handler) {
        delegate.onPeerSnapshot(counted("node_state_poll", handler));
    }

    @Override
    public void onReconcileRequested(EventHandler<ReconcileReason> handler) {
        delegate.onReconcileRequested(counted("reconcile_requested", handler));
    }
}
