package io.peerexchange.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.ports.EventSubscriptions;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.testing.Peers;
import io.peerexchange.ports.testing.TestKeys;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What every {@link EventSubscriptions} must do; extend it once per implementation. */
public abstract class EventSubscriptionsContract {

    protected abstract EventSubscriptions subscriptions();

    /** Makes the event source deliver a {@code peer_endpoint_changed} event for this peer and waits until handled. */
    protected abstract void deliverPeerEndpointChanged(Peer peer) throws Exception;

    /** The same, with a payload that names the peer by id and carries no key. */
    protected abstract void deliverPeerEndpointChangedById(PeerEndpoint peer) throws Exception;

    /** {@code peer_added} for this peer. */
    protected abstract void deliverPeerAdded(Peer peer) throws Exception;

    /** {@code peer_removed} for this peer. */
    protected abstract void deliverPeerRemoved(Peer peer) throws Exception;

    /** {@code peer_key_rotated}: this peer with its new key. */
    protected abstract void deliverPeerKeyRotated(Peer peer) throws Exception;

    /** {@code node_state_updated}. */
    protected abstract void deliverNodeStateUpdated() throws Exception;

    @Test
    void givenSeveralHandlers_event_reachesEachInRegistrationOrder() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        subscriptions().onPeerEndpointChanged(p -> seen.add("first:" + p.id()));
        subscriptions().onPeerEndpointChanged(p -> seen.add("second:" + p.id()));

        deliverPeerEndpointChanged(Peers.peer(2, "198.51.100.7:40000"));

        assertThat(seen).containsExactly("first:p-2", "second:p-2");
    }

    @Test
    void givenFailingHandler_event_stillReachesTheOthers() throws Exception {
        List<Peer> seen = new CopyOnWriteArrayList<>();
        subscriptions().onPeerEndpointChanged(p -> {
            throw new IllegalStateException("handler broke");
        });
        subscriptions().onPeerEndpointChanged(seen::add);

        deliverPeerEndpointChanged(Peers.peer(3, "198.51.100.8:40000"));

        assertThat(seen).extracting(Peer::id).extracting(Object::toString).containsExactly("p-3");
    }

    @Test
    void givenKeylessPayload_peerEndpointChanged_reachesTheByIdHandlerOnly() throws Exception {
        List<Object> byId = new CopyOnWriteArrayList<>();
        List<Object> withKey = new CopyOnWriteArrayList<>();
        subscriptions().onPeerEndpointChangedById(byId::add);
        subscriptions().onPeerEndpointChanged(withKey::add);

        deliverPeerEndpointChangedById(PeerEndpoint.of("p-4", "198.51.100.9:40000"));

        assertThat(byId).containsExactly(PeerEndpoint.of("p-4", "198.51.100.9:40000"));
        assertThat(withKey).isEmpty();
    }

    @Test
    void lifecycleEvents_reachTheirHandlersWithTheirPeers() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        subscriptions().onPeerAdded(p -> seen.add("added:" + p.id() + ":" + p.publicKey()));
        subscriptions().onPeerRemoved(id -> seen.add("removed:" + id));
        subscriptions().onPeerKeyRotated(p -> seen.add("rotated:" + p.id() + ":" + p.publicKey()));
        subscriptions().onReconcileRequested(reason -> seen.add("reconcile:" + reason.name()));
        Peer added = Peers.peer(5, "198.51.100.10:40000");
        Peer rotated = Peer.of(added.id(), TestKeys.key(6), added.endpoint());

        deliverPeerAdded(added);
        deliverPeerKeyRotated(rotated);
        deliverPeerRemoved(rotated);
        deliverNodeStateUpdated();

        assertThat(seen)
                .containsExactly(
                        "added:p-5:" + TestKeys.key(5),
                        "rotated:p-5:" + TestKeys.key(6),
                        "removed:p-5",
                        "reconcile:NODE_STATE_UPDATED");
    }
}
