package io.peerexchange.adapters.wireguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.adapters.wireguard.netlink.NetlinkWireGuard;
import io.peerexchange.adapters.wireguard.uapi.UapiWireGuard;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerStats;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.UpdateOutcome;
import io.peerexchange.ports.UpdateOutcome.Status;
import io.peerexchange.ports.UpdateReport;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.testing.TestKeys;
import io.peerexchange.testing.fake.FakeUapiServer;
import io.peerexchange.testing.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The updater's decisions, through the UAPI backend, against a fake wireguard-go with a hand-moved clock. */
class WireGuardPeerUpdaterTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final WireGuardKey KEY = TestKeys.key(1);

    @TempDir
    Path dir;

    private FakeUapiServer server;
    private MutableClock clock;
    private WireGuardPeerUpdater updater;
    /** What happens on the wire while the updater pauses between its two counter samples. */
    private Runnable duringPause = () -> {};

    private int pauses;

    @BeforeEach
    void start() throws Exception {
        server = new FakeUapiServer(dir.resolve("pxwu0.sock"));
        clock = new MutableClock(NOW);
        updater = updaterWith(Duration.ofSeconds(10));
    }

    private WireGuardPeerUpdater updaterWith(Duration idleTimeout) {
        return new WireGuardPeerUpdater(
                new WireGuardSettings("pxwu0", Backend.UAPI, dir),
                () -> new UapiWireGuard(server.socket(), idleTimeout),
                clock,
                d -> {
                    pauses++;
                    clock.advance(d);
                    duringPause.run();
                });
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private UpdateOutcome update(WireGuardKey key, String endpoint) throws PeerUpdateException {
        return updater.updateEndpoints(List.of(new EndpointUpdate(key, Endpoint.parse(endpoint))))
                .outcomes()
                .get(0);
    }

    @Test
    void givenEqualEndpoints_updateEndpoints_sendsNoSetAtAll() throws Exception {
        server.peer(KEY, "198.51.100.1:1000");
        server.peer(TestKeys.key(2), "[2001:db8::1]:1000");

        UpdateReport report = updater.updateEndpoints(List.of(
                new EndpointUpdate(KEY, Endpoint.parse("198.51.100.1:1000")),
                new EndpointUpdate(TestKeys.key(2), Endpoint.parse("[2001:db8:0::1]:1000"))));

        assertThat(report.count(Status.UNCHANGED)).isEqualTo(2);
        assertThat(server.setRequests()).isEmpty();
        assertThat(server.gets()).isEqualTo(1);
    }

    @Test
    void givenChangedPeers_updateEndpoints_writesOneEndpointOnlyUpdateOnlyTransaction() throws Exception {
        server.peer(KEY, "198.51.100.1:1000");
        server.peer(TestKeys.key(2), null);
        server.peer(TestKeys.key(3), "198.51.100.3:1000");

        updater.updateEndpoints(List.of(
                new EndpointUpdate(KEY, Endpoint.parse("203.0.113.1:2000")),
                new EndpointUpdate(TestKeys.key(2), Endpoint.parse("[2001:db8::2]:2000")),
                new EndpointUpdate(TestKeys.key(3), Endpoint.parse("198.51.100.3:1000"))));

        assertThat(server.setRequests())
                .containsExactly(String.join(
                        "\n",
                        "public_key=" + KEY.toHex(),
                        "update_only=true",
                        "endpoint=203.0.113.1:2000",
                        "public_key=" + TestKeys.key(2).toHex(),
                        "update_only=true",
                        "endpoint=[2001:db8::2]:2000"));
    }

    @Test
    void givenUnknownPeer_updateEndpoints_reportsItAndWritesNothing() throws Exception {
        assertThat(update(KEY, "198.51.100.1:1000").status()).isEqualTo(Status.UNKNOWN_PEER);
        assertThat(server.setRequests()).isEmpty();
        assertThat(server.find(KEY)).isEmpty();
    }

    @Test
    void givenRoamedPathStillReceiving_updateEndpoints_keepsIt() throws Exception {
        FakeUapiServer.Peer peer = server.peer(KEY, "198.51.100.9:9999");
        peer.rxBytes = 500;
        duringPause = () -> peer.rxBytes = 648;

        UpdateOutcome outcome = update(KEY, "198.51.100.1:1000");

        assertThat(outcome.status()).isEqualTo(Status.LIVE_PATH_KEPT);
        assertThat(outcome.detail()).contains("198.51.100.9:9999").contains("received 148 bytes");
        assertThat(peer.endpoint).isEqualTo("198.51.100.9:9999");
        assertThat(server.setRequests()).isEmpty();
    }

    @Test
    void givenRelayProxyStillReceiving_updateEndpointsToADirectPair_replacesIt() throws Exception {
        FakeUapiServer.Peer peer = server.peer(KEY, "127.0.0.1:41800");
        peer.rxBytes = 500;
        duringPause = () -> peer.rxBytes = 648;

        assertThat(update(KEY, "203.0.113.20:41000").status()).isEqualTo(Status.APPLIED);
        assertThat(peer.endpoint).isEqualTo("203.0.113.20:41000");
    }

    @Test
    void givenRoamedPathGoneQuiet_updateEndpoints_replacesItAtOnce() throws Exception {
        FakeUapiServer.Peer peer = server.peer(KEY, "198.51.100.9:9999");
        peer.rxBytes = 500;

        assertThat(update(KEY, "198.51.100.1:1000").status()).isEqualTo(Status.APPLIED);
        assertThat(peer.endpoint).isEqualTo("198.51.100.1:1000");
        assertThat(pauses).isEqualTo(1);
    }

    @Test
    void givenTrafficOnlyBeforeThePathDied_updateEndpoints_doesNotKeepTheDeadPath() throws Exception {
        // A NAT changed its mapping: the counter grew during the last refresh interval, then stopped.
        FakeUapiServer.Peer peer = server.peer(KEY, "198.51.100.9:9999");
        peer.rxBytes = 100;
        update(KEY, "198.51.100.9:9999");
        peer.rxBytes = 900;
        clock.advance(Duration.ofSeconds(10));

        UpdateOutcome outcome = update(KEY, "198.51.100.1:1000");

        assertThat(outcome.status()).isEqualTo(Status.APPLIED);
        assertThat(peer.endpoint).isEqualTo("198.51.100.1:1000");
    }

    @Test
    void givenRecentPreviousRead_updateEndpoints_decidesFromItWithoutWaiting() throws Exception {
        FakeUapiServer.Peer peer = server.peer(KEY, "198.51.100.9:9999");
        peer.rxBytes = 100;
        update(KEY, "198.51.100.9:9999");
        peer.rxBytes = 180;
        clock.advance(Duration.ofSeconds(2));

        UpdateOutcome outcome = update(KEY, "198.51.100.1:1000");

        assertThat(outcome.status()).isEqualTo(Status.LIVE_PATH_KEPT);
        assertThat(outcome.detail()).contains("within the last 2000 ms");
        assertThat(pauses).isZero();
    }

    @Test
    void givenPeerThatNeverReceived_updateEndpoints_replacesWithoutWaiting() throws Exception {
        server.peer(KEY, "198.51.100.9:9999");

        assertThat(update(KEY, "198.51.100.1:1000").status()).isEqualTo(Status.APPLIED);
        assertThat(pauses).isZero();
    }

    @Test
    void givenCounterWentDown_updateEndpoints_provesNothingFromIt() throws Exception {
        FakeUapiServer.Peer peer = server.peer(KEY, "198.51.100.9:9999");
        peer.rxBytes = 5000;
        update(KEY, "198.51.100.9:9999");
        peer.rxBytes = 10; // wireguard-go restarted: counters start again
        clock.advance(Duration.ofSeconds(1));

        assertThat(update(KEY, "198.51.100.1:1000").status()).isEqualTo(Status.APPLIED);
    }

    @Test
    void givenInterruptWhileSampling_updateEndpoints_writesNothingAndKeepsTheFlag() throws Exception {
        FakeUapiServer.Peer peer = server.peer(KEY, "198.51.100.9:9999");
        peer.rxBytes = 500;
        WireGuardPeerUpdater interrupted = new WireGuardPeerUpdater(
                new WireGuardSettings("pxwu0", Backend.UAPI, dir),
                () -> new UapiWireGuard(server.socket(), Duration.ofSeconds(10)),
                clock,
                d -> {
                    throw new InterruptedException();
                });

        try {
            assertThatThrownBy(() -> interrupted.updateEndpoints(
                            List.of(new EndpointUpdate(KEY, Endpoint.parse("198.51.100.1:1000")))))
                    .isInstanceOf(io.peerexchange.ports.PeerUpdateException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(server.setRequests()).isEmpty();
    }

    @Test
    void givenSamePeerTwice_updateEndpoints_appliesTheLastAndReportsTheFirstSuperseded() throws Exception {
        server.peer(KEY, "198.51.100.9:9999");

        UpdateReport report = updater.updateEndpoints(List.of(
                new EndpointUpdate(KEY, Endpoint.parse("198.51.100.1:1000")),
                new EndpointUpdate(KEY, Endpoint.parse("198.51.100.2:2000"))));

        assertThat(report.outcomes()).extracting(UpdateOutcome::status).containsExactly(Status.FAILED, Status.APPLIED);
        assertThat(report.outcomes().get(0).detail()).contains("superseded");
        assertThat(server.find(KEY).orElseThrow().endpoint).isEqualTo("198.51.100.2:2000");
    }

    @Test
    void givenSetFailingHalfWay_updateEndpoints_readsBackAndReportsWhatLanded() throws Exception {
        List<EndpointUpdate> updates = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            server.peer(TestKeys.key(10 + i), "198.51.100.1:" + (1000 + i));
            updates.add(new EndpointUpdate(TestKeys.key(10 + i), Endpoint.parse("203.0.113.1:" + (2000 + i))));
        }
        server.failSetAfter(2, -12);

        UpdateReport report = updater.updateEndpoints(updates);

        assertThat(report.outcomes())
                .extracting(UpdateOutcome::status)
                .containsExactly(Status.APPLIED, Status.APPLIED, Status.FAILED, Status.FAILED);
        assertThat(report.outcomes().get(2).detail()).contains("ENOMEM");
        assertThat(server.gets()).isEqualTo(2);
    }

    @Test
    void givenBoringtun_updateEndpoints_refusesWithAnExplanationAndWritesNothing() throws Exception {
        server.peer(KEY, "198.51.100.9:9999");
        server.dialect(FakeUapiServer.Dialect.BORINGTUN);

        assertThatThrownBy(() -> update(KEY, "198.51.100.1:1000"))
                .isInstanceOf(PeerUpdateException.class)
                .hasMessageContaining("boringtun")
                .hasMessageContaining("update_only")
                .hasMessageNotContaining("cd".repeat(32));
        assertThat(server.setRequests()).isEmpty();
    }

    @Test
    void givenNullElement_updateEndpoints_failsBeforeTalkingToWireGuard() {
        server.peer(KEY, "198.51.100.9:9999");
        List<EndpointUpdate> updates =
                Arrays.asList(new EndpointUpdate(KEY, Endpoint.parse("198.51.100.1:1000")), null);

        assertThatThrownBy(() -> updater.updateEndpoints(updates)).isInstanceOf(NullPointerException.class);
        assertThat(server.gets()).isZero();
    }

    @Test
    void givenNoSocket_updateEndpoints_saysWireGuardGoIsNotRunning() throws Exception {
        server.close();

        assertThatThrownBy(() -> update(KEY, "198.51.100.1:1000"))
                .isInstanceOf(PeerUpdateException.class)
                .hasMessageContaining("no UAPI socket at " + server.socket())
                .hasMessageContaining("wireguard-go running");
    }

    @Test
    void givenSilentServer_updateEndpoints_timesOut() {
        server.hang();
        WireGuardPeerUpdater impatient = updaterWith(Duration.ofMillis(200));

        assertThatThrownBy(() -> impatient.updateEndpoints(
                        List.of(new EndpointUpdate(KEY, Endpoint.parse("198.51.100.1:1000")))))
                .isInstanceOf(PeerUpdateException.class)
                .hasMessageContaining("made no progress for 200 ms");
    }

    @Test
    void givenInterrupt_updateEndpoints_returnsPromptlyKeepingTheFlag() throws Exception {
        server.hang();
        AtomicBoolean flagKept = new AtomicBoolean();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Throwable> call = executor.submit(() -> {
                try {
                    updater.updateEndpoints(List.of(new EndpointUpdate(KEY, Endpoint.parse("198.51.100.1:1000"))));
                    return null;
                } catch (PeerUpdateException e) {
                    flagKept.set(Thread.currentThread().isInterrupted());
                    return e;
                }
            });
            // Interrupt only once the call is waiting on the silent socket (a fixed sleep could cancel the task
            // before it starts, and then nothing is tested).
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.hungConnections() == 0) {
                assertThat(System.nanoTime())
                        .as("the call reached the UAPI socket")
                        .isLessThan(waitUntil);
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            call.cancel(true);
            executor.shutdown();
            assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(flagKept).isTrue();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void givenAuto_choose_takesUapiWhenTheSocketExistsAndTheKernelOtherwise() throws Exception {
        WireGuardSettings present = new WireGuardSettings("pxwu0", Backend.AUTO, dir);
        WireGuardSettings absent = new WireGuardSettings("pxwu9", Backend.AUTO, dir);

        assertThat(WireGuardPeerUpdater.choose(present)).isInstanceOf(UapiWireGuard.class);
        assertThat(WireGuardPeerUpdater.choose(absent)).isInstanceOf(NetlinkWireGuard.class);
        assertThat(WireGuardPeerUpdater.choose(new WireGuardSettings("pxwu9", Backend.UAPI, dir)))
                .isInstanceOf(UapiWireGuard.class);
        assertThat(WireGuardPeerUpdater.choose(new WireGuardSettings("pxwu0", Backend.NETLINK, dir)))
                .isInstanceOf(NetlinkWireGuard.class);
    }

    @Test
    void givenAutoAndWireGuardGoStartedLater_updateEndpoints_findsItOnTheNextCall() throws Exception {
        server.close();
        WireGuardPeerUpdater auto = new WireGuardPeerUpdater(new WireGuardSettings("pxwu0", Backend.AUTO, dir));
        List<EndpointUpdate> updates = List.of(new EndpointUpdate(KEY, Endpoint.parse("198.51.100.1:1000")));
        assertThatThrownBy(() -> auto.updateEndpoints(updates)).isInstanceOf(PeerUpdateException.class);

        server = new FakeUapiServer(dir.resolve("pxwu0.sock"));
        server.peer(KEY, null);

        assertThat(auto.updateEndpoints(updates).outcomes().get(0).status()).isEqualTo(Status.APPLIED);
    }

    @Test
    void givenAPeerWithTrafficAndAHandshake_readPeerStats_reportsWhatWireGuardHolds() throws Exception {
        FakeUapiServer.Peer peer = server.peer(KEY, "203.0.113.9:51820");
        peer.rxBytes = 92;
        peer.txBytes = 148;
        peer.lastHandshakeSec = NOW.getEpochSecond();
        server.peer(TestKeys.key(2), null);

        List<PeerStats> stats = updater.readPeerStats();

        assertThat(stats).hasSize(2);
        assertThat(stats.get(0))
                .isEqualTo(new PeerStats(KEY, Optional.of("203.0.113.9:51820"), 92, 148, Optional.of(NOW)));
        assertThat(stats.get(1).endpoint()).isEmpty();
        assertThat(stats.get(1).lastHandshake()).isEmpty();
    }
}
