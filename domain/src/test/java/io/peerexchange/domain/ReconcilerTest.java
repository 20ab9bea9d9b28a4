package io.peerexchange.domain;

import static io.peerexchange.domain.ExchangerTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.ReconcileReason;
import io.peerexchange.ports.testing.Peers;
import io.peerexchange.ports.testing.TestKeys;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReconcilerTest {
    @RegisterExtension
    final LogCapture log = new LogCapture();

    final Scenario world = new Scenario();
    final Exchanger exchanger = world.exchanger();
    final Reconciler reconciler = exchanger.reconciler();
    Thread loop;

    {
        exchanger.registerHandlers(world.events);
    }

    @AfterEach
    void stop() throws Exception {
        if (loop != null) {
            loop.interrupt();
            loop.join(5000);
            assertThat(loop.isAlive()).isFalse();
        }
        exchanger.close();
    }

    @Test
    void reconcileNow_writesTheStateEndpointsAndLearnsTheKeys() throws Exception {
        world.wireguard.peer(TestKeys.key(1), null).peer(TestKeys.key(2), "198.51.100.2:1000");
        world.lister.peers(
                Peers.peer(1, "198.51.100.1:40000"), Peers.peer(2, "198.51.100.2:40000"), Peers.peer(3, null));

        int peers = reconciler.reconcileNow(ReconcileReason.START);

        assertThat(peers).isEqualTo(3);
        eventually(() -> {
            assertThat(world.wireguard.endpointOf(TestKeys.key(1))).contains(Endpoint.parse("198.51.100.1:40000"));
            assertThat(world.wireguard.endpointOf(TestKeys.key(2))).contains(Endpoint.parse("198.51.100.2:40000"));
        });
        assertThat(world.directory.size()).isEqualTo(3);
        assertThat(world.wireguard.calls()).as("one update for the whole state").isEqualTo(1);
    }

    @Test
    void givenStateUnreachable_reconcileNow_throwsAndChangesNothing() {
        world.lister.failWith(
                new ControlPlaneException(ControlPlaneException.Kind.NETWORK, "connection refused", null));

        assertThatThrownBy(() -> reconciler.reconcileNow(ReconcileReason.START))
                .isInstanceOf(ControlPlaneException.class);
        assertThat(world.wireguard.calls()).isZero();
    }

    @Test
    void run_reconcilesOnEveryRequest_andEveryInterval() throws Exception {
        world.wireguard.peer(TestKeys.key(1), null);
        world.lister.peers(Peers.peer(1, "198.51.100.1:40000"));
        startLoop(Duration.ofHours(1));

        reconciler.request(ReconcileReason.HEARTBEAT);
        eventually(() -> assertThat(world.lister.calls()).isEqualTo(1));
        world.events.publishReconcileRequested(ReconcileReason.NODE_STATE_UPDATED);

        eventually(() -> assertThat(world.lister.calls()).isEqualTo(2));
        eventually(() ->
                assertThat(world.wireguard.endpointOf(TestKeys.key(1))).contains(Endpoint.parse("198.51.100.1:40000")));
    }

    @Test
    void givenShortInterval_run_reconcilesWithoutBeingAsked() throws Exception {
        world.lister.peers(Peers.peer(1, null));

        startLoop(Duration.ofMillis(20));

        eventually(() -> assertThat(world.lister.calls()).isGreaterThanOrEqualTo(3));
    }

    @Test
    void givenReconcileFails_run_logsAndGoesOn() throws Exception {
        world.lister.failWith(new ControlPlaneException(ControlPlaneException.Kind.SERVER_ERROR, "HTTP 503", null));
        startLoop(Duration.ofHours(1));

        reconciler.request(ReconcileReason.STREAM_RECONNECTED);

        eventually(() -> assertThat(
                        log.lines("reconcile failed; the node state is fetched again at the next reconcile"))
                .singleElement()
                .satisfies(line -> assertThat(line.key("reason")).isEqualTo(ReconcileReason.STREAM_RECONNECTED)));
        assertThat(loop.isAlive()).isTrue();
    }

    @Test
    void givenManyRequestsWhileBusy_run_coalescesThem() throws Exception {
        world.lister.peers(Peers.peer(1, null));
        for (int i = 0; i < 50; i++) {
            reconciler.request(ReconcileReason.HEARTBEAT);
        }

        startLoop(Duration.ofHours(1));

        eventually(() -> assertThat(world.lister.calls()).isEqualTo(1));
        Thread.sleep(100);
        assertThat(world.lister.calls()).isEqualTo(1);
    }

    @Test
    void givenZeroInterval_run_isRefused() {
        assertThatThrownBy(() -> reconciler.run(Duration.ZERO)).isInstanceOf(InvalidConfigException.class);
    }

    private void startLoop(Duration interval) {
        loop = new Thread(() -> {
            try {
                reconciler.run(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        loop.start();
    }
}
