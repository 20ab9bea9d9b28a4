package io.peerexchange.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.ports.EventSubscriptions;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.testing.Peers;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What every {@link EventSubscriptions} must do; extend it once per implementation. */
public abstract class EventSubscriptionsContract {

    protected abstract EventSubscriptions subscriptions();

    /** Makes the event source deliver a {@code peer_endpoint_changed} event for this peer and waits until handled. */
    protected abstract void deliverPeerEndpointChanged(Peer peer) throws Exception;

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
}
