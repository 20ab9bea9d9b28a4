package io.peerexchange.adapters.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.ports.EventSubscriptions;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.contract.EventSubscriptionsContract;
import io.peerexchange.ports.testing.FakePeerLister;
import io.peerexchange.testing.fake.StreamingServer;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The event-subscriptions contract, run against {@link SseEventStream} and a real streaming server. */
class SseEventStreamContractTest extends EventSubscriptionsContract {

    private StreamingServer server;
    private SseEventStream stream;
    private int nextId;

    @BeforeEach
    void setUp() throws Exception {
        server = new StreamingServer().start();
        stream = new SseEventStream(
                StreamTesting.http(server.baseUrl()),
                BearerToken.of("contract-token"),
                NodeId.of("node-1"),
                new FakePeerLister(),
                Optional.empty(),
                StreamTesting.fast());
    }

    @AfterEach
    void tearDown() {
        stream.close();
        server.close();
    }

    @Override
    protected EventSubscriptions subscriptions() {
        return stream;
    }

    @Override
    protected void deliverPeerEndpointChanged(Peer peer) throws Exception {
        deliver(
                "peer_endpoint_changed",
                SignedEvents.peerJson(peer),
                done -> stream.onPeerEndpointChanged(p -> done.run()));
    }

    @Override
    protected void deliverPeerEndpointChangedById(PeerEndpoint peer) throws Exception {
        String payload = "{\"peer_id\":\"" + peer.peerId().value() + "\",\"endpoint\":\""
                + peer.endpoint().map(Object::toString).orElse("") + "\"}";
        deliver("peer_endpoint_changed", payload, done -> stream.onPeerEndpointChangedById(p -> done.run()));
    }

    @Override
    protected void deliverPeerAdded(Peer peer) throws Exception {
        deliver("peer_added", SignedEvents.peerJson(peer), done -> stream.onPeerAdded(p -> done.run()));
    }

    @Override
    protected void deliverPeerRemoved(Peer peer) throws Exception {
        deliver(
                "peer_removed",
                "{\"id\":\"" + peer.id().value() + "\"}",
                done -> stream.onPeerRemoved(p -> done.run()));
    }

    @Override
    protected void deliverPeerKeyRotated(Peer peer) throws Exception {
        deliver("peer_key_rotated", SignedEvents.peerJson(peer), done -> stream.onPeerKeyRotated(p -> done.run()));
    }

    @Override
    protected void deliverNodeStateUpdated() throws Exception {
        deliver("node_state_updated", "{}", done -> stream.onReconcileRequested(r -> done.run()));
    }

    /** Pushes one event and waits until a handler registered after the test's own ones has run. */
    private void deliver(String type, String payload, Consumer<Runnable> registerLast) throws Exception {
        deliver(type, (ObjectNode) SignedEvents.JSON.readTree(payload), registerLast);
    }

    private void deliver(String type, ObjectNode payload, Consumer<Runnable> registerLast) throws Exception {
        CountDownLatch handled = new CountDownLatch(1);
        registerLast.accept(handled::countDown);
        if (stream.state() == StreamState.NEW) {
            stream.start();
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> server.openStreams() == 1);
        String id = String.valueOf(++nextId);
        server.push(SignedEvents.sse(id, SignedEvents.envelope(type, id, payload)));
        assertThat(handled.await(5, TimeUnit.SECONDS)).as(type + " handled").isTrue();
    }
}
