package io.peerexchange.adapters.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.ReconcileReason;
import io.peerexchange.ports.testing.FakePeerLister;
import io.peerexchange.testing.fake.StreamingServer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events may be missed while the stream is down: every reconnect, but not the first connection, asks for a reconcile. */
class ReconcileOnReconnectTest {
    private final StreamingServer server = new StreamingServer();
    private SseEventStream stream;

    @AfterEach
    void tearDown() {
        if (stream != null) {
            stream.close();
        }
        server.close();
    }

    @Test
    void givenTheStreamDropsTwice_eachReconnect_requestsOneReconcile() throws Exception {
        server.start();
        stream = new SseEventStream(
                StreamTesting.http(server.baseUrl()),
                BearerToken.of("reconnect-token"),
                NodeId.of("node-1"),
                new FakePeerLister(),
                Optional.empty(),
                StreamTesting.fast());
        List<ReconcileReason> asked = new CopyOnWriteArrayList<>();
        stream.onReconcileRequested(asked::add);
        stream.start();
        await().atMost(5, TimeUnit.SECONDS).until(() -> stream.connectionCount() == 1);
        assertThat(asked)
                .as("the first connection needs no reconcile: the agent reconciles at start")
                .isEmpty();

        server.dropAll();
        await().atMost(10, TimeUnit.SECONDS).until(() -> stream.connectionCount() == 2);
        server.dropAll();
        await().atMost(10, TimeUnit.SECONDS).until(() -> stream.connectionCount() == 3);

        await().atMost(5, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(asked)
                        .containsExactly(ReconcileReason.STREAM_RECONNECTED, ReconcileReason.STREAM_RECONNECTED));
    }
}
