package io.peerexchange.adapters.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.ports.EventSubscriptions;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.contract.EventSubscriptionsContract;
import io.peerexchange.ports.testing.FakePeerLister;
import io.peerexchange.testing.fake.StreamingServer;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        // Registered last, so it runs after every handler of the test.
        CountDownLatch handled = new CountDownLatch(1);
        stream.onPeerEndpointChanged(p -> handled.countDown());
        if (stream.state() == StreamState.NEW) {
            stream.start();
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> server.openStreams() == 1);
        String id = String.valueOf(++nextId);
        server.push(
                SignedEvents.sse(id, SignedEvents.envelope("peer_endpoint_changed", id, SignedEvents.peerJson(peer))));
        assertThat(handled.await(5, TimeUnit.SECONDS)).as("event handled").isTrue();
    }
}
