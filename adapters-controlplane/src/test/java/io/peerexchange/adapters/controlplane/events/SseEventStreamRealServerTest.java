package io.peerexchange.adapters.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.testing.FakePeerLister;
import io.peerexchange.ports.testing.Peers;
import io.peerexchange.testing.fake.StreamingServer;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The event stream against a real streaming server that holds streams open, pushes on demand, dies and returns. */
class SseEventStreamRealServerTest {

    private StreamingServer server;
    private SseEventStream stream;
    private final List<Peer> received = new CopyOnWriteArrayList<>();
    private final FakePeerLister lister = new FakePeerLister();

    @BeforeEach
    void setUp() throws Exception {
        server = new StreamingServer().start();
    }

    @AfterEach
    void tearDown() {
        if (stream != null) {
            stream.close();
        }
        server.close();
    }

    private SseEventStream start(StreamSettings timing, BearerToken token) {
        stream = new SseEventStream(
                StreamTesting.http(server.baseUrl()), token, NodeId.of("node-1"), lister, Optional.empty(), timing);
        stream.onPeerEndpointChanged(received::add);
        stream.start();
        return stream;
    }

    private static String event(int n, String id) {
        return SignedEvents.sse(
                id,
                SignedEvents.envelope(
                        "peer_endpoint_changed",
                        id,
                        SignedEvents.peerJson(Peers.peer(n, "198.51.100.7:" + (40000 + n)))));
    }

    private void awaitOpen() {
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> server.openStreams() == 1 && stream.state() == StreamState.CONNECTED);
    }

    @Test
    void givenOpenStream_push_reachesHandlersWithoutReconnecting() {
        start(StreamTesting.fast(), BearerToken.of("real-token"));
        awaitOpen();

        for (int i = 1; i <= 5; i++) {
            server.push(event(i, String.valueOf(i)));
            int expected = i;
            await().atMost(5, TimeUnit.SECONDS).until(() -> received.size() == expected);
        }

        assertThat(received).extracting(p -> p.id().value()).containsExactly("p-1", "p-2", "p-3", "p-4", "p-5");
        assertThat(stream.connectionCount()).isEqualTo(1);
        assertThat(server.userAgents()).containsOnly("peerexchange/9.9.9");
        assertThat(stream.lastEventId()).isEqualTo("5");
    }

    @Test
    void givenALineOverTheCapOnAStreamThatStaysOpen_stream_reconnectsAtOnce() {
        // Regression: the reader closed the content stream, which drained the endless body, so the
        // stream hung after the parser-limit error until the server hung up (found by the robustness suite).
        start(StreamTesting.fast(), BearerToken.of("real-token"));
        awaitOpen();
        long attempts = stream.attemptCount();

        server.push("data: " + "x".repeat(StreamSettings.defaults().maxLineBytes() + 10) + "\n");

        await().atMost(3, TimeUnit.SECONDS)
                .until(() -> stream.attemptCount() > attempts
                        && stream.connectionCount() == 2
                        && stream.state() == StreamState.CONNECTED);
        server.push(event(1, "1"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> received.size() == 1);
    }

    @Test
    void givenServerKilledAndRestarted_stream_resumesWithLastEventId() throws Exception {
        start(StreamTesting.fast(), BearerToken.of("real-token"));
        awaitOpen();
        server.push(event(1, "41"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> received.size() == 1);

        server.kill();
        await().atMost(4, TimeUnit.SECONDS).until(() -> stream.state() != StreamState.CONNECTED);
        Thread.sleep(300);
        server.restart();
        awaitOpen();
        server.push(event(2, "42"));

        await().atMost(5, TimeUnit.SECONDS).until(() -> received.size() == 2);
        assertThat(server.lastEventIds().get(server.lastEventIds().size() - 1)).isEqualTo("41");
        assertThat(stream.attemptCount()).isGreaterThan(2);
    }

    @Test
    void givenEndlessOpenStream_close_stopsAtOnce() {
        start(StreamTesting.fast(), BearerToken.of("real-token"));
        awaitOpen();

        long begin = System.nanoTime();
        stream.close();

        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(2));
        assertThat(stream.state()).isEqualTo(StreamState.CLOSED);
        assertThat(liveThreadsNamed("controlplane-")).isEmpty();
    }

    @Test
    void givenSilentOpenStream_idleTimeout_reconnects() {
        start(StreamTesting.fast().withIdleTimeout(Duration.ofMillis(400)), BearerToken.of("real-token"));

        await().atMost(5, TimeUnit.SECONDS).until(() -> stream.connectionCount() >= 3);
    }

    @Test
    void givenKeepAliveComments_idleTimeout_doesNotFire() throws Exception {
        start(StreamTesting.fast().withIdleTimeout(Duration.ofSeconds(1)), BearerToken.of("real-token"));
        awaitOpen();

        for (int i = 0; i < 25; i++) {
            server.push(": ping\n");
            Thread.sleep(100);
        }

        assertThat(stream.connectionCount()).isEqualTo(1);
    }

    @Test
    void givenStreamDown_polling_startsAfterDelayAndStopsWhenStreamReturns() throws Exception {
        lister.peers(Peers.peer(8, "198.51.100.8:4000"));
        List<List<Peer>> snapshots = new CopyOnWriteArrayList<>();
        server.kill();
        stream = new SseEventStream(
                StreamTesting.http(server.baseUrl()),
                BearerToken.of("real-token"),
                NodeId.of("node-1"),
                lister,
                Optional.empty(),
                StreamTesting.fast().withPolling(Duration.ofMillis(400), Duration.ofMillis(150)));
        stream.onPeerSnapshot(snapshots::add);
        stream.start();

        Thread.sleep(200);
        assertThat(lister.calls()).isZero();
        await().atMost(3, TimeUnit.SECONDS).until(() -> snapshots.size() >= 3);
        assertThat(stream.isPolling()).isTrue();
        assertThat(snapshots.get(0)).containsExactly(Peers.peer(8, "198.51.100.8:4000"));

        server.restart();
        awaitOpen();
        await().atMost(5, TimeUnit.SECONDS).until(() -> !stream.isPolling());
        int calls = lister.calls();
        Thread.sleep(500);
        assertThat(lister.calls()).isEqualTo(calls);
    }

    @Test
    void givenTokenReplaced_reconnect_usesNewToken() {
        BearerToken token = BearerToken.of("old-token");
        start(StreamTesting.fast(), token);
        awaitOpen();

        token.set("new-token");
        server.dropAll();

        await().atMost(3, TimeUnit.SECONDS).until(() -> server.requests() >= 2);
        assertThat(server.authorizations()).containsExactly("Bearer old-token", "Bearer new-token");
    }

    @Test
    void givenAuthFailureAndAFresherToken_stream_connectsAgainWithIt() {
        server.onConnect(exchange -> {
            if (!"Bearer good".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                try {
                    exchange.sendResponseHeaders(401, -1);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                exchange.close();
            }
            return null;
        });
        BearerToken token = BearerToken.of("bad");
        AtomicInteger authFailures = new AtomicInteger();
        stream = new SseEventStream(
                StreamTesting.http(server.baseUrl()),
                token,
                () -> {
                    token.set("good");
                    return true;
                },
                NodeId.of("node-1"),
                lister,
                Optional.empty(),
                StreamTesting.fast());
        stream.onAuthFailure(authFailures::incrementAndGet);

        stream.start();

        awaitOpen();
        assertThat(server.authorizations()).containsExactly("Bearer bad", "Bearer good");
        assertThat(authFailures).hasValue(0);
    }

    @Test
    void givenAStartedOrClosedStream_start_refuses() {
        start(StreamTesting.fast(), BearerToken.of("real-token"));

        assertThatThrownBy(stream::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("event stream was started already");
        stream.close();
        assertThatThrownBy(stream::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("event stream is closed");
    }

    @Test
    void givenTwoHundredReconnects_noThreadSocketOrPooledConnectionIsLeft() throws Exception {
        server.onConnect(exchange -> event(1, "1"));
        Set<Long> baseline = liveThreadIds();
        long baselineFds = openFds();
        stream = new SseEventStream(
                StreamTesting.http(server.baseUrl()),
                BearerToken.of("leak-token"),
                NodeId.of("node-1"),
                lister,
                Optional.empty(),
                StreamTesting.fast().withBackoff(Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofSeconds(30)));
        stream.onPeerEndpointChanged(received::add);
        stream.start();

        long maxFds = 0;
        while (stream.connectionCount() < 200) {
            maxFds = Math.max(maxFds, openFds());
            assertThat(stream.poolStats().getLeased()).isLessThanOrEqualTo(1);
            Thread.sleep(5);
        }
        assertThat(received.size()).isGreaterThanOrEqualTo(199);
        assertThat(stream.poolStats().getAvailable())
                .as("a cleanly ended stream may leave one keep-alive connection")
                .isLessThanOrEqualTo(1);
        stream.close();

        assertThat(stream.poolStats().getLeased()).isZero();
        assertThat(stream.poolStats().getAvailable()).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!newThreads(baseline).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(newThreads(baseline)).as("threads left after close").isEmpty();
        assertThat(maxFds - baselineFds)
                .as("file descriptors during 200 cycles")
                .isLessThan(40);
        await().atMost(5, TimeUnit.SECONDS).until(() -> openFds() - baselineFds < 10);
    }

    private static Set<Long> liveThreadIds() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
    }

    /** Threads started since the baseline, not counting the test server's own. */
    private static List<String> newThreads(Set<Long> baseline) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !baseline.contains(t.getId()))
                .map(Thread::getName)
                .filter(name -> !name.startsWith("test-server-")
                        && !name.startsWith("HTTP-Dispatcher")
                        && !name.startsWith("awaitility"))
                .collect(Collectors.toList());
    }

    private static List<String> liveThreadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix))
                .collect(Collectors.toList());
    }

    private static long openFds() {
        String[] entries = new File("/proc/self/fd").list();
        return Objects.requireNonNull(entries, "/proc/self/fd").length;
    }
}
