package io.peerexchange.ports.testing;

import io.peerexchange.ports.EventHandler;
import io.peerexchange.ports.EventSubscriptions;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.ReconcileReason;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps handlers and delivers events to them in registration order, isolating failures. */
public final class FakeEventSubscriptions implements EventSubscriptions {
    private final Handlers<Peer> endpointChanged = new Handlers<>();
    private final Handlers<PeerEndpoint> endpointChangedById = new Handlers<>();
    private final Handlers<Peer> added = new Handlers<>();
    private final Handlers<NodeId> removed = new Handlers<>();
    private final Handlers<Peer> keyRotated = new Handlers<>();
    private final Handlers<List<Peer>> snapshots = new Handlers<>();
    private final Handlers<ReconcileReason> reconciles = new Handlers<>();
    private final List<Exception> handlerFailures = new CopyOnWriteArrayList<>();

    @Override
    public void onPeerEndpointChanged(EventHandler<Peer> handler) {
        endpointChanged.add(handler);
    }

    @Override
    public void onPeerEndpointChangedById(EventHandler<PeerEndpoint> handler) {
        endpointChangedById.add(handler);
    }

    @Override
    public void onPeerAdded(EventHandler<Peer> handler) {
        added.add(handler);
    }

    @Override
    public void onPeerRemoved(EventHandler<NodeId> handler) {
        removed.add(handler);
    }

    @Override
    public void onPeerKeyRotated(EventHandler<Peer> handler) {
        keyRotated.add(handler);
    }

    @Override
    public void onPeerSnapshot(EventHandler<List<Peer>> handler) {
        snapshots.add(handler);
    }

    @Override
    public void onReconcileRequested(EventHandler<ReconcileReason> handler) {
        reconciles.add(handler);
    }

    public int peerEndpointChangedHandlers() {
        return endpointChanged.size();
    }

    public int peerSnapshotHandlers() {
        return snapshots.size();
    }

    public List<Exception> handlerFailures() {
        return List.copyOf(handlerFailures);
    }

    public void publishPeerEndpointChanged(Peer peer) {
        endpointChanged.publish(peer);
    }

    public void publishPeerEndpointChangedById(PeerEndpoint peer) {
        endpointChangedById.publish(peer);
    }

    public void publishPeerAdded(Peer peer) {
        added.publish(peer);
    }

    public void publishPeerRemoved(NodeId peerId) {
        removed.publish(peerId);
    }

    public void publishPeerKeyRotated(Peer peer) {
        keyRotated.publish(peer);
    }

    public void publishPeerSnapshot(List<Peer> peers) {
        snapshots.publish(peers);
    }

    public void publishReconcileRequested(ReconcileReason reason) {
        reconciles.publish(reason);
    }

    private final class Handlers<T> {
        private final List<EventHandler<T>> list = new CopyOnWriteArrayList<>();

        void add(EventHandler<T> handler) {
            list.add(handler);
        }

        int size() {
            return list.size();
        }

        void publish(T event) {
            for (EventHandler<T> handler : list) {
                try {
                    handler.handle(event);
                } catch (Exception e) {
                    handlerFailures.add(e);
                }
            }
        }
    }
}
