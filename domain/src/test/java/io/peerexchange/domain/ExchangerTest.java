package io.peerexchange.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointReport;
import io.peerexchange.ports.NatInfo;
import io.peerexchange.ports.NatType;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.testing.Peers;
import io.peerexchange.ports.testing.TestKeys;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's Error Handling table (one test per row) and its Logging tables (one test per event),
 * driven through the Exchanger with fakes of every port and a manual sleeper.
 */
class ExchangerTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    final Scenario world = new Scenario();
    Exchanger exchanger;
    Thread runner;
    final CompletableFuture<Throwable> outcome = new CompletableFuture<>();

    void givenTwoAnsweringServers(String mapping) {
        world.stun
                .server("stun1.test:3478", "198.51.100.1:3478", mapping)
                .server("stun2.test:3478", "198.51.100.2:3478", mapping);
    }

    void start() {
        exchanger = world.exchanger();
        runner = new Thread(
                () -> {
                    try {
                        exchanger.run(Scenario.NODE);
                        outcome.complete(null);
                    } catch (Throwable t) {
                        outcome.complete(t);
                    }
                },
                "exchanger-under-test");
        runner.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (exchanger != null) {
            exchanger.close();
            runner.join(2000);
            assertThat(runner.isAlive()).as("run() must return after close()").isFalse();
        }
    }

    @Nested
    class ErrorHandling {

        @Test
        void givenAllStunServersFail_run_failsOnFirstDiscovery() throws Exception {
            start();

            assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(DiscoveryException.class);
            assertThat(world.reporter.reports()).isEmpty();
        }

        @Test
        void givenStunRefreshFails_run_logsWarningAndKeepsPreviousEndpoint() throws Exception {
            givenTwoAnsweringServers("203.0.113.10:40000");
            start();
            world.sleeper.awaitSleeps(1);
            world.stun.answer("stun1.test:3478", new StunException("timeout"));
            world.stun.answer("stun2.test:3478", new StunException("timeout"));

            world.sleeper.nextCycle();

            assertThat(exchanger.lastResult())
                    .contains(new NatInfo(Endpoint.parse("203.0.113.10:40000"), NatType.FULL_CONE));
            assertThat(log.lines("endpoint refresh failed; keeping the previous endpoint"))
                    .singleElement()
                    .satisfies(line -> {
                        assertThat(line.level()).isEqualTo("WARN");
                        assertThat(line.key("component")).isEqualTo("nat");
                        assertThat(line.key("error")).asString().contains("all 2 STUN servers failed");
                    });
            assertThat(runner.isAlive()).isTrue();
        }

        @Test
        void givenStunRefreshFails_run_retriesNextCycle() throws Exception {
            givenTwoAnsweringServers("203.0.113.10:40000");
            start();
            world.sleeper.awaitSleeps(1);
            world.stun.answer("stun1.test:3478", new StunException("timeout"));
            world.stun.answer("stun2.test:3478", new StunException("timeout"));
            world.sleeper.nextCycle();
            world.stun.answer("stun1.test:3478", "203.0.113.10:40001");
            world.stun.answer("stun2.test:3478", "203.0.113.10:40001");

            world.sleeper.nextCycle();

            assertThat(world.reporter.reports())
                    .extracting(EndpointReport::publicEndpoint)
                    .containsExactly(Endpoint.parse("203.0.113.10:40000"), Endpoint.parse("203.0.113.10:40001"));
        }

        @Test
        void givenEndpointReportFails_run_logsWarningAndContinuesRefreshLoop() throws Exception {
            givenTwoAnsweringServers("203.0.113.10:40000");
            world.reporter.failWith(new ControlPlaneException(
                    ControlPlaneException.Kind.SERVER_ERROR, 503, "control plane answered 503", null, null));
            start();
            world.sleeper.awaitSleeps(1);

            world.sleeper.nextCycle();

            assertThat(world.reporter.reports()).hasSize(2);
            assertThat(log.lines("endpoint report failed")).hasSize(2).first().satisfies(line -> {
                assertThat(line.level()).isEqualTo("WARN");
                assertThat(line.key("component")).isEqualTo("nat");
                assertThat(line.key("error")).isEqualTo("control plane answered 503");
            });
        }

        @Test
        void givenIndividualPeerUpdateFails_run_logsWarningAndAppliesTheRemainingPeers() throws Exception {
            givenTwoAnsweringServers("203.0.113.10:40000");
            world.lister.peers(Peers.peer(2, null), Peers.peer(3, null), Peers.peer(4, null));
            world.directory.load();
            world.wireguard
                    .peer(TestKeys.key(2), null)
                    .peer(TestKeys.key(3), null)
                    .peer(TestKeys.key(4), null)
                    .failFor(TestKeys.key(3), "errno=-22");
            world.reporter.answer(
                    PeerEndpoint.of("p-2", "198.51.100.2:41000"),
                    PeerEndpoint.of("p-3", "198.51.100.3:41000"),
                    PeerEndpoint.of("p-4", "198.51.100.4:41000"));

            start();
            world.sleeper.awaitSleeps(1);

            assertThat(world.wireguard.endpointOf(TestKeys.key(2))).contains(Endpoint.parse("198.51.100.2:41000"));
            assertThat(world.wireguard.endpointOf(TestKeys.key(4))).contains(Endpoint.parse("198.51.100.4:41000"));
            assertThat(world.wireguard.endpointOf(TestKeys.key(3))).isEmpty();
            assertThat(log.lines("peer update failed")).singleElement().satisfies(line -> {
                assertThat(line.level()).isEqualTo("WARN");
                assertThat(line.key("component")).isEqualTo("nat");
                assertThat(line.key("peer_id")).hasToString("p-3");
                assertThat(line.key("error")).isEqualTo("errno=-22");
            });
        }

        @Test
        void givenClose_run_returnsWithinOneSecondAndLeavesNoThread() throws Exception {
            givenTwoAnsweringServers("203.0.113.10:40000");
            start();
            world.sleeper.awaitSleeps(1);
            long before = System.nanoTime();

            exchanger.close();

            assertThat(outcome.get(1, TimeUnit.SECONDS)).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
            runner.join(5000);
            assertThat(runner.isAlive()).isFalse();
            assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(t -> t.getName().startsWith("exchanger"));
        }

        @Test
        void givenThreadInterrupted_run_returnsAndKeepsTheInterruptFlag() throws Exception {
            givenTwoAnsweringServers("203.0.113.10:40000");
            boolean[] flag = new boolean[1];
            exchanger = world.exchanger();
            runner = new Thread(() -> {
                try {
                    exchanger.run(Scenario.NODE);
                } catch (DiscoveryException e) {
                    outcome.complete(e);
                }
                flag[0] = Thread.currentThread().isInterrupted();
                outcome.complete(null);
            });
            runner.start();
            world.sleeper.awaitSleeps(1);

            runner.interrupt();

            assertThat(outcome.get(5, TimeUnit.SECONDS)).isNull();
            assertThat(flag[0]).isTrue();
        }

        @Test
        void givenNatDisabled_run_returnsImmediately() throws Exception {
            world.config = world.config.withEnabled(false);
            start();

            assertThat(outcome.get(5, TimeUnit.SECONDS)).isNull();
            assertThat(world.stun.calls()).isEmpty();
        }
    }

    @Nested
    class Logging {

        @Test
        void givenEnabled_run_logsStartingWithNodeIdUnderExchange() throws Exception {
            givenTwoAnsweringServers("203.0.113.10:40000");
            start();
            world.sleeper.awaitSleeps(1);

            assertThat(log.lines("starting endpoint exchange")).singleElement().satisfies(line -> {
                assertThat(line.level()).isEqualTo("INFO");
                assertThat(line.key("component")).isEqualTo("exchange");
                assertThat(line.key("node_id")).hasToString("node-1");
            });
        }

        @Test
        void givenDisabled_run_logsNatTraversalDisabledUnderExchange() throws Exception {
            world.config = world.config.withEnabled(false);
            start();
            outcome.get(5, TimeUnit.SECONDS);

            assertThat(log.lines("NAT traversal disabled")).singleElement().satisfies(line -> {
                assertThat(line.level()).isEqualTo("INFO");
                assertThat(line.key("component")).isEqualTo("exchange");
            });
        }

        @Test
        void registerHandlers_logsSseHandlerRegisteredAtDebug() {
            world.exchanger().registerHandlers(world.events);

            assertThat(log.lines("SSE handler registered")).singleElement().satisfies(line -> {
                assertThat(line.level()).isEqualTo("DEBUG");
                assertThat(line.key("component")).isEqualTo("exchange");
            });
        }

        @Test
        void givenFirstDiscovery_run_logsDiscoveredWithEndpointNatTypeAndServer() throws Exception {
            givenTwoAnsweringServers("203.0.113.10:40000");
            start();
            world.sleeper.awaitSleeps(1);

            assertThat(log.lines("discovered public endpoint")).singleElement().satisfies(line -> {
                assertThat(line.level()).isEqualTo("INFO");
                assertThat(line.key("component")).isEqualTo("nat");
                assertThat(line.key("endpoint")).hasToString("203.0.113.10:40000");
                assertThat(line.key("nat_type")).hasToString("full_cone");
                assertThat(line.key("stun_server")).hasToString("stun1.test:3478");
            });
        }

        @Test
        void givenEndpointChanges_run_logsOldAndNewEndpoint() throws Exception {
            givenTwoAnsweringServers("203.0.113.10:40000");
            start();
            world.sleeper.awaitSleeps(1);
            world.stun.answer("stun1.test:3478", "203.0.113.10:40500");
            world.stun.answer("stun2.test:3478", "203.0.113.10:40500");

            world.sleeper.nextCycle();

            assertThat(log.lines("public endpoint changed")).singleElement().satisfies(line -> {
                assertThat(line.level()).isEqualTo("INFO");
                assertThat(line.key("component")).isEqualTo("nat");
                assertThat(line.key("old_endpoint")).hasToString("203.0.113.10:40000");
                assertThat(line.key("new_endpoint")).hasToString("203.0.113.10:40500");
            });
            assertThat(world.reporter.reports())
                    .last()
                    .extracting(EndpointReport::publicEndpoint)
                    .isEqualTo(Endpoint.parse("203.0.113.10:40500"));
        }

        @Test
        void givenUnchangedEndpoint_run_logsNoChange() throws Exception {
            givenTwoAnsweringServers("203.0.113.10:40000");
            start();
            world.sleeper.awaitSleeps(1);

            world.sleeper.nextCycle();

            assertThat(log.lines("public endpoint changed")).isEmpty();
        }

        @Test
        void givenBindingFails_run_logsServerAndError() throws Exception {
            world.stun
                    .server("stun1.test:3478", "198.51.100.1:3478", new StunException("ERROR-CODE 500 Server Error"))
                    .server("stun2.test:3478", "198.51.100.2:3478", "203.0.113.10:40000");
            start();
            world.sleeper.awaitSleeps(1);

            assertThat(log.lines("STUN binding failed")).first().satisfies(line -> {
                assertThat(line.level()).isEqualTo("WARN");
                assertThat(line.key("server")).hasToString("stun1.test:3478");
                assertThat(line.key("error")).isEqualTo("ERROR-CODE 500 Server Error");
            });
        }

        @Test
        void noLogLine_containsAKey() throws Exception {
            givenTwoAnsweringServers("203.0.113.10:40000");
            world.lister.peers(Peers.peer(2, null));
            world.directory.load();
            world.wireguard.peer(TestKeys.key(2), null);
            world.reporter.answer(PeerEndpoint.of("p-2", "198.51.100.2:41000"));
            start();
            world.sleeper.awaitSleeps(1);
            exchanger.registerHandlers(world.events);
            world.events.publishPeerEndpointChanged(Peers.peer(2, "198.51.100.9:41000"));
            eventually(() -> assertThat(world.wireguard.endpointOf(TestKeys.key(2)))
                    .contains(Endpoint.parse("198.51.100.9:41000")));

            assertThat(log.lines())
                    .isNotEmpty()
                    .allSatisfy(line -> assertThat(line.toString())
                            .doesNotContain(TestKeys.key(2).toBase64())
                            .doesNotContain(TestKeys.key(2).toHex()));
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void lastResult_isEmptyBeforeTheFirstDiscoveryAndSetAfter() throws Exception {
            givenTwoAnsweringServers("203.0.113.10:40000");
            Exchanger fresh = world.exchanger();
            assertThat(fresh.lastResult()).isEmpty();

            start();
            world.sleeper.awaitSleeps(1);

            assertThat(exchanger.lastResult())
                    .contains(new NatInfo(Endpoint.parse("203.0.113.10:40000"), NatType.FULL_CONE));
        }

        @Test
        void lastResult_isSafeToReadWhileTheLoopWrites() throws Exception {
            givenTwoAnsweringServers("203.0.113.10:40000");
            start();
            world.sleeper.awaitSleeps(1);
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 100_000; i++) {
                    Optional<NatInfo> info = exchanger.lastResult();
                    assertThat(info).isPresent();
                }
            });
            for (int i = 0; i < 20; i++) {
                String mapping = "203.0.113.10:" + (40001 + i);
                world.stun.answer("stun1.test:3478", mapping);
                world.stun.answer("stun2.test:3478", mapping);
                world.sleeper.nextCycle();
            }

            reader.get(5, TimeUnit.SECONDS);
            assertThat(exchanger.lastResult())
                    .map(NatInfo::publicEndpoint)
                    .contains(Endpoint.parse("203.0.113.10:40020"));
        }

        @Test
        void run_reportsEveryCycleAndWaitsTheRefreshInterval() throws Exception {
            givenTwoAnsweringServers("203.0.113.10:40000");
            start();
            world.sleeper.awaitSleeps(1);

            world.sleeper.nextCycle();
            world.sleeper.nextCycle();

            assertThat(world.reporter.reports())
                    .hasSize(3)
                    .allSatisfy(r -> assertThat(r)
                            .isEqualTo(new EndpointReport(Endpoint.parse("203.0.113.10:40000"), NatType.FULL_CONE)));
            assertThat(world.reporter.nodeIds()).containsOnly(Scenario.NODE);
            assertThat(world.sleeper.requested()).containsOnly(Duration.ofSeconds(10));
        }

        @Test
        void givenCloseBeforeRun_run_returnsAtOnce() throws Exception {
            givenTwoAnsweringServers("203.0.113.10:40000");
            exchanger = world.exchanger();
            exchanger.close();
            runner = new Thread(() -> {
                try {
                    exchanger.run(Scenario.NODE);
                    outcome.complete(null);
                } catch (DiscoveryException e) {
                    outcome.complete(e);
                }
            });
            runner.start();

            assertThat(outcome.get(5, TimeUnit.SECONDS)).isNull();
            assertThat(world.stun.calls()).isEmpty();
        }

        @Test
        void givenRunTwice_secondRun_isRefused() throws Exception {
            givenTwoAnsweringServers("203.0.113.10:40000");
            start();
            world.sleeper.awaitSleeps(1);

            assertThatThrownBy(() -> exchanger.run(Scenario.NODE)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class Events {
        private Exchanger handlers;

        @AfterEach
        void closeHandlers() {
            if (handlers != null) {
                handlers.close();
                assertThat(liveThreads(PeerEventBatcher.THREAD_NAME)).isZero();
            }
        }

        private void register() {
            handlers = world.exchanger();
            handlers.registerHandlers(world.events);
        }

        @Test
        void givenNatDisabled_registerHandlers_stillRegistersThePeerEndpointHandler() {
            world.config = world.config.withEnabled(false);

            register();

            assertThat(world.events.peerEndpointChangedHandlers()).isEqualTo(1);
        }

        @Test
        void givenPeerEndpointChangedEvent_handler_updatesWireGuardAtOnce() throws Exception {
            world.wireguard.peer(TestKeys.key(7), "198.51.100.7:40000");
            register();

            world.events.publishPeerEndpointChanged(Peers.peer(7, "198.51.100.7:45000"));

            eventually(() -> assertThat(world.wireguard.endpointOf(TestKeys.key(7)))
                    .contains(Endpoint.parse("198.51.100.7:45000")));
            assertThat(world.events.handlerFailures()).isEmpty();
        }

        @Test
        void givenPolledSnapshot_handler_appliesEveryPeerInOneCall() throws Exception {
            world.wireguard.peer(TestKeys.key(7), null).peer(TestKeys.key(8), null);
            register();

            world.events.publishPeerSnapshot(java.util.List.of(
                    Peers.peer(7, "198.51.100.7:45000"), Peers.peer(8, "198.51.100.8:45000"), Peers.peer(9, null)));

            eventually(() -> assertThat(world.wireguard.writes()).hasSize(2));
            assertThat(world.wireguard.calls()).isEqualTo(1);
        }

        @Test
        void givenWireGuardUnreachable_eventHandler_logsAndDoesNotThrow() throws Exception {
            world.wireguard.unreachable(new io.peerexchange.ports.PeerUpdateException("UAPI socket missing"));
            register();

            world.events.publishPeerEndpointChanged(Peers.peer(7, "198.51.100.7:45000"));

            eventually(() -> assertThat(log.lines("peer update failed"))
                    .singleElement()
                    .satisfies(line -> assertThat(line.key("error")).isEqualTo("UAPI socket missing")));
            assertThat(world.events.handlerFailures()).isEmpty();
        }

        @Test
        void close_stopsTheEventThreadAndLaterEventsChangeNothing() throws Exception {
            world.wireguard.peer(TestKeys.key(7), "198.51.100.7:40000");
            register();
            world.events.publishPeerEndpointChanged(Peers.peer(7, "198.51.100.7:45000"));
            eventually(() -> assertThat(world.wireguard.calls()).isEqualTo(1));

            handlers.close();
            world.events.publishPeerEndpointChanged(Peers.peer(7, "198.51.100.7:46000"));

            assertThat(liveThreads(PeerEventBatcher.THREAD_NAME)).isZero();
            assertThat(world.wireguard.calls()).isEqualTo(1);
            assertThat(world.wireguard.endpointOf(TestKeys.key(7))).contains(Endpoint.parse("198.51.100.7:45000"));
        }
    }

    /** Retries an assertion about work done on the event thread for up to 5 s. */
    static void eventually(Runnable assertion) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(5);
            }
        }
    }

    static long liveThreads(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name) && t.isAlive())
                .count();
    }
}
