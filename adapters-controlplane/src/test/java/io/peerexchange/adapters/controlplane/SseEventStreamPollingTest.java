package io.peerexchange.adapters.controlplane;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.peerexchange.adapters.controlplane.events.SignedEvents;
import io.peerexchange.adapters.controlplane.events.SseEventStream;
import io.peerexchange.adapters.controlplane.events.StreamTesting;
import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.testing.Peers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The event stream's polling fallback through the real calls, against WireMock: snapshots arrive, no connection stays leased. */
class SseEventStreamPollingTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final String EVENTS = "/v1/nodes/node-1/events";

    private SseEventStream stream;

    @AfterEach
    void tearDown() {
        if (stream != null) {
            stream.close();
        }
    }

    @Test
    void givenStreamDownLongEnough_polling_deliversStateSnapshotsViaTheCalls() throws Exception {
        wm.stubFor(get(urlEqualTo(EVENTS)).willReturn(aResponse().withStatus(503)));
        wm.stubFor(get(urlEqualTo("/v1/nodes/node-1/state"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"peers\":[" + SignedEvents.peerJson(Peers.peer(4, "198.51.100.4:4000")) + "]}")));
        List<List<Peer>> snapshots = new CopyOnWriteArrayList<>();
        try (HttpControlPlane calls =
                new HttpControlPlane(StreamTesting.http(wm.baseUrl()), BearerToken.of("wm-token"))) {
            stream = new SseEventStream(
                    StreamTesting.http(wm.baseUrl()),
                    BearerToken.of("wm-token"),
                    NodeId.of("node-1"),
                    calls,
                    Optional.empty(),
                    StreamTesting.fast().withPolling(Duration.ofMillis(300), Duration.ofMillis(200)));
            stream.onPeerSnapshot(snapshots::add);

            stream.start();

            await().atMost(5, TimeUnit.SECONDS).until(() -> snapshots.size() >= 2);
            assertThat(stream.isPolling()).isTrue();
            assertThat(snapshots.get(0)).containsExactly(Peers.peer(4, "198.51.100.4:4000"));
            stream.close();
            assertThat(calls.poolStats().getLeased()).isZero();
        }
    }
}
