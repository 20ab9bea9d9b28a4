package io.peerexchange.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.PeerUpdater;
import io.peerexchange.ports.UpdateReport;
import io.peerexchange.ports.testing.FakePeerLister;
import io.peerexchange.ports.testing.FakePeerUpdater;
import io.peerexchange.ports.testing.Peers;
import io.peerexchange.ports.testing.TestKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PeerEventBatcherTest {
    private static final long WAIT_SECONDS = 10;

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private final FakePeerUpdater wireguard = new FakePeerUpdater();
    private final GatedUpdater gated = new GatedUpdater(wireguard);
    private PeerEventBatcher batcher;

    @BeforeEach
    void setUp() {
        for (int n = 1; n <= 200; n++) {
            wireguard.peer(TestKeys.key(n), null);
        }
        PeerDirectory directory = new PeerDirectory(new FakePeerLister(), NodeId.of("node-1"), Clock.systemUTC());
        batcher = new PeerEventBatcher(new PeerEndpointApplier(directory, gated), 50);
    }

    @AfterEach
    void tearDown() {
        gated.open();
        batcher.close();
    }

    @Test
    void givenOneEvent_offer_appliesItOnTheEventThread() throws Exception {
        gated.open();

        batcher.offer(List.of(Peers.peer(1, "198.51.100.1:1000")));

        assertThat(gated.nextBatch()).containsExactly(endpointOf(1, "198.51.100.1:1000"));
        assertThat(gated.threadNames()).containsOnly(PeerEventBatcher.THREAD_NAME);
    }

    @Test
    void givenBurstDuringAnUpdate_offer_appliesTheRestInOneBatch() throws Exception {
        batcher.offer(List.of(Peers.peer(1, "198.51.100.1:1000")));
        gated.awaitEntered();

        for (int n = 2; n <= 41; n++) {
            batcher.offer(List.of(Peers.peer(n, "198.51.100." + n + ":1000")));
        }
        assertThat(batcher.pending()).isEqualTo(40);
        gated.open();

        assertThat(gated.nextBatch()).hasSize(1);
        List<EndpointUpdate> second = gated.nextBatch();
        assertThat(second).hasSize(40);
        assertThat(second.get(0)).isEqualTo(endpointOf(2, "198.51.100.2:1000"));
        assertThat(second.get(39)).isEqualTo(endpointOf(41, "198.51.100.41:1000"));
        assertThat(wireguard.calls()).isEqualTo(2);
        assertThat(wireguard.endpointOf(TestKeys.key(41)))
                .hasValueSatisfying(e -> assertThat(e).hasToString("198.51.100.41:1000"));
    }

    @Test
    void givenSamePeerTwiceWhileBusy_offer_appliesOnlyTheLatestEndpoint() throws Exception {
        batcher.offer(List.of(Peers.peer(1, "198.51.100.1:1000")));
        gated.awaitEntered();

        batcher.offer(List.of(Peers.peer(2, "198.51.100.2:1000")));
        batcher.offer(List.of(Peers.peer(3, "198.51.100.3:1000")));
        batcher.offer(List.of(Peers.peer(2, "198.51.100.2:2000")));
        gated.open();

        gated.nextBatch();
        assertThat(gated.nextBatch())
                .containsExactly(endpointOf(3, "198.51.100.3:1000"), endpointOf(2, "198.51.100.2:2000"));
        assertThat(wireguard.writes()).extracting(w -> w.endpoint().toString()).doesNotContain("198.51.100.2:1000");
    }

    @Test
    void givenSnapshotAndEventsWhileBusy_offer_mergesThemIntoOneBatch() throws Exception {
        batcher.offer(List.of(Peers.peer(1, "198.51.100.1:1000")));
        gated.awaitEntered();

        batcher.offer(List.of(Peers.peer(2, "198.51.100.2:1000")));
        batcher.offer(List.of(Peers.peer(2, "198.51.100.2:3000"), Peers.peer(4, "198.51.100.4:1000")));
        gated.open();

        gated.nextBatch();
        assertThat(gated.nextBatch())
                .containsExactly(endpointOf(2, "198.51.100.2:3000"), endpointOf(4, "198.51.100.4:1000"));
    }

    @Test
    void givenFullQueue_offer_waitsUntilTheWorkerTakesIt() throws Exception {
        batcher.offer(List.of(Peers.peer(1, "198.51.100.1:1000")));
        gated.awaitEntered();
        for (int n = 2; n <= 51; n++) {
            batcher.offer(List.of(Peers.peer(n, "198.51.100." + n + ":1000")));
        }
        assertThat(batcher.pending()).isEqualTo(50);

        // A peer already queued only replaces its entry; a new one must wait.
        batcher.offer(List.of(Peers.peer(51, "198.51.100.51:2000")));
        CountDownLatch offered = new CountDownLatch(1);
        Thread eventThread = new Thread(() -> {
            try {
                batcher.offer(List.of(Peers.peer(52, "198.51.100.52:1000")));
                offered.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        eventThread.start();
        assertThat(offered.await(300, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(batcher.pending()).isEqualTo(50);

        gated.open();
        assertThat(offered.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        gated.nextBatch();
        assertThat(gated.nextBatch()).hasSize(50).contains(endpointOf(51, "198.51.100.51:2000"));
        assertThat(gated.nextBatch()).containsExactly(endpointOf(52, "198.51.100.52:1000"));
    }

    @Test
    void givenAFirstSnapshotLargerThanTheQueue_offer_appliesAllOfItInQueueSizedBatches() throws Exception {
        gated.open();
        List<Peer> snapshot = new ArrayList<>();
        for (int n = 1; n <= 120; n++) {
            snapshot.add(Peers.peer(n, "198.51.100." + n + ":1000"));
        }

        Thread eventThread = new Thread(() -> {
            try {
                batcher.offer(snapshot);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        eventThread.start();
        eventThread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertThat(eventThread.isAlive())
                .as("offer returned: the worker drained the queue while it waited")
                .isFalse();

        int applied = 0;
        while (applied < 120) {
            List<EndpointUpdate> batch = gated.nextBatch();
            assertThat(batch.size()).isBetween(1, 50);
            applied += batch.size();
        }
        assertThat(applied).isEqualTo(120);
        assertThat(wireguard.endpointOf(TestKeys.key(120)))
                .hasValueSatisfying(e -> assertThat(e).hasToString("198.51.100.120:1000"));
    }

    @Test
    void givenFailingBatch_worker_logsAndAppliesTheNextOne() throws Exception {
        gated.open();
        gated.throwOnce(new IllegalStateException("boom"));

        batcher.offer(List.of(Peers.peer(1, "198.51.100.1:1000")));
        assertThat(gated.nextBatch()).hasSize(1);
        batcher.offer(List.of(Peers.peer(2, "198.51.100.2:1000")));

        assertThat(gated.nextBatch()).containsExactly(endpointOf(2, "198.51.100.2:1000"));
        assertThat(log.lines("peer event batch failed"))
                .singleElement()
                .satisfies(line -> assertThat(line.level()).isEqualTo("ERROR"));
    }

    @Test
    void givenAnErrorThatEndsTheWorker_nextOffer_startsAnotherAndIsApplied() throws Exception {
        gated.open();
        gated.throwOnce(new LinkageError("boom"));
        batcher.offer(List.of(Peers.peer(1, "198.51.100.1:1000")));
        assertThat(gated.nextBatch()).hasSize(1);
        assertThat(liveThreadsNamed(PeerEventBatcher.THREAD_NAME))
                .as("the worker ended")
                .isEmpty();

        batcher.offer(List.of(Peers.peer(2, "198.51.100.2:1000")));

        assertThat(gated.nextBatch()).containsExactly(endpointOf(2, "198.51.100.2:1000"));
        assertThat(log.lines("peer event batch failed; restarting the event thread"))
                .hasSize(1);
    }

    @Test
    void givenUpdateUnderWay_close_interruptsItStopsTheWorkerAndReleasesABlockedOffer() throws Exception {
        PeerEventBatcher small = new PeerEventBatcher(
                new PeerEndpointApplier(
                        new PeerDirectory(new FakePeerLister(), NodeId.of("node-1"), Clock.systemUTC()), gated),
                1);
        small.offer(List.of(Peers.peer(1, "198.51.100.1:1000")));
        gated.awaitEntered();
        small.offer(List.of(Peers.peer(2, "198.51.100.2:1000")));
        AtomicReference<Throwable> blockedOutcome = new AtomicReference<>();
        CountDownLatch returned = new CountDownLatch(1);
        Thread eventThread = new Thread(() -> {
            try {
                small.offer(List.of(Peers.peer(3, "198.51.100.3:1000")));
            } catch (Throwable t) {
                blockedOutcome.set(t);
            }
            returned.countDown();
        });
        eventThread.start();
        assertThat(returned.await(200, TimeUnit.MILLISECONDS)).isFalse();

        assertThat(small.close(Duration.ofSeconds(WAIT_SECONDS))).isTrue();

        assertThat(returned.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(blockedOutcome.get()).isNull();
        assertThat(gated.interrupted()).isTrue();
        assertThat(small.pending()).isZero();
        assertThat(liveThreadsNamed(PeerEventBatcher.THREAD_NAME)).isEmpty();
        assertThat(gated.batchesSeen()).isEqualTo(1);
    }

    @Test
    void afterClose_offer_isIgnoredAndStartsNoThread() throws Exception {
        batcher.close();

        batcher.offer(List.of(Peers.peer(1, "198.51.100.1:1000")));

        assertThat(batcher.pending()).isZero();
        assertThat(liveThreadsNamed(PeerEventBatcher.THREAD_NAME)).isEmpty();
        assertThat(wireguard.calls()).isZero();
    }

    @Test
    void givenNonPositiveQueueSize_constructor_refusesIt() {
        PeerEndpointApplier applier = new PeerEndpointApplier(
                new PeerDirectory(new FakePeerLister(), NodeId.of("node-1"), Clock.systemUTC()), gated);
        assertThatThrownBy(() -> new PeerEventBatcher(applier, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPending must be at least 1, got 0");
    }

    private static EndpointUpdate endpointOf(int n, String endpoint) {
        Peer peer = Peers.peer(n, endpoint);
        return new EndpointUpdate(peer.publicKey(), peer.endpoint().orElseThrow());
    }

    private static List<Thread> liveThreadsNamed(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        List<Thread> live;
        do {
            live = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals(name) && t.isAlive())
                    .toList();
            if (!live.isEmpty()) {
                Thread.sleep(10);
            }
        } while (!live.isEmpty() && System.nanoTime() < deadline);
        return live;
    }

    /** Holds every update at a gate until the test opens it, and records each batch it passes on. */
    private static final class GatedUpdater implements PeerUpdater {
        private final PeerUpdater delegate;
        private final CountDownLatch gate = new CountDownLatch(1);
        private final CountDownLatch entered = new CountDownLatch(1);
        private final BlockingQueue<List<EndpointUpdate>> batches = new LinkedBlockingQueue<>();
        private final List<String> threadNames = new ArrayList<>();
        private volatile Throwable throwOnce;
        private volatile boolean interrupted;
        private volatile int seen;

        GatedUpdater(PeerUpdater delegate) {
            this.delegate = delegate;
        }

        void open() {
            gate.countDown();
        }

        void awaitEntered() throws InterruptedException {
            assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS))
                    .as("an update started")
                    .isTrue();
        }

        void throwOnce(Throwable e) {
            throwOnce = e;
        }

        List<EndpointUpdate> nextBatch() throws InterruptedException {
            List<EndpointUpdate> batch = batches.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(batch).as("a batch reached WireGuard").isNotNull();
            return batch;
        }

        synchronized List<String> threadNames() {
            return List.copyOf(threadNames);
        }

        boolean interrupted() {
            return interrupted;
        }

        int batchesSeen() {
            return seen;
        }

        @Override
        public UpdateReport updateEndpoints(List<EndpointUpdate> updates) throws PeerUpdateException {
            synchronized (this) {
                threadNames.add(Thread.currentThread().getName());
            }
            seen++;
            entered.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                interrupted = true;
                Thread.currentThread().interrupt();
                throw new PeerUpdateException("interrupted", e);
            }
            Throwable failure = throwOnce;
            if (failure != null) {
                throwOnce = null;
                batches.add(List.copyOf(updates));
                if (failure instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) failure;
            }
            // Recorded once WireGuard has it, so a test that saw the batch may also look at WireGuard.
            UpdateReport report = delegate.updateEndpoints(updates);
            batches.add(List.copyOf(updates));
            return report;
        }
    }
}
