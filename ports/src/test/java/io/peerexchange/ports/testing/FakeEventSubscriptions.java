package io.peerexchange.ports.testing;

import io.peerexchange.ports.EventHandler;
import io.peerexchange.ports.EventSubscriptions;
import io.peerexchange.ports.Peer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps handlers and delivers events to them in registration order, isolating failures. */
public final class FakeEventSubscriptions implements EventSubscriptions {
    private final List<EventHandler<Peer>> peerHandlers = new CopyOnWriteArrayList<>();
    private final List<EventHandler<List<Peer>>> snapshotHandlers = new CopyOnWriteArrayList<>();
    private final List<Exception> handlerFailures = new CopyOnWriteArrayList<>();

    @Override
    public void onPeerEndpointChanged(EventHandler<Peer> handler) {
        peerHandlers.add(handler);
    }

    @Override
    public void onPeerSnapshot(EventHandler<List<Peer>> handler) {
        snapshotHandlers.add(handler);
    }

    public int peerEndpointChangedHandlers() {
        return peerHandlers.size();
    }

    public int peerSnapshotHandlers() {
        return snapshotHandlers.size();
    }

    public List<Exception> handlerFailures() {
        return List.copyOf(handlerFailures);
    }

    public void publishPeerEndpointChanged(Peer peer) {
        for (EventHandler<Peer> handler : peerHandlers) {
            try {
                handler.handle(peer);
            } catch (Exception e) {
                handlerFailures.add(e);
            }
        }
    }

    public void publishPeerSnapshot(List<Peer> peers) {
        for (EventHandler<List<Peer>> handler : snapshotHandlers) {
            try {
                handler.handle(peers);
            } catch (Exception e) {
                handlerFailures.add(e);
            }
        }
    }
}
