package io.peerexchange.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.Heartbeat;
import io.peerexchange.ports.HeartbeatResponse;
import io.peerexchange.ports.NatInfo;
import io.peerexchange.ports.NatType;
import io.peerexchange.ports.NodeHealth;
import io.peerexchange.ports.ReconcileReason;
import io.peerexchange.ports.testing.FakeHeartbeatSender;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HeartbeatLoopTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    final Scenario world = new Scenario();
    final FakeHeartbeatSender sender = new FakeHeartbeatSender();
    final AtomicReference<Optional<NatInfo>> nat = new AtomicReference<>(Optional.empty());

    final AtomicReference<NodeHealth> health = new AtomicReference<>(NodeHealth.HEALTHY);
    final List<ReconcileReason> reconciles = new CopyOnWriteArrayList<>();
    static final AgentBinary BINARY = new AgentBinary("1.2.3", "ab".repeat(32));

    HeartbeatLoop loop() {
        return new HeartbeatLoop(
                sender,
                new HeartbeatSources(nat::get, health::get, reconciles::add),
                Scenario.NODE,
                () -> BINARY,
                Duration.ofSeconds(30),
                world.sleeper,
                world.clock);
    }

    @Test
    void givenNoDiscoveryYet_beat_sendsWithoutNat() throws Exception {
        loop().beat();

        assertThat(sender.sent()).singleElement().satisfies(h -> {
            assertThat(h.nat()).isEmpty();
            assertThat(h.nodeId()).isEqualTo(Scenario.NODE);
            assertThat(h.status()).isEqualTo("healthy");
            assertThat(h.binaryVersion()).isEqualTo("1.2.3");
            assertThat(h.binaryChecksum()).isEqualTo("ab".repeat(32));
            assertThat(h.uptime()).isEqualTo(Duration.ZERO);
        });
    }

    @Test
    void givenDegradedNode_beat_sendsDegradedAndLogsTheReasonOnceUntilItChanges() throws Exception {
        HeartbeatLoop loop = loop();
        health.set(NodeHealth.degraded("event stream down"));

        loop.beat();
        loop.beat();
        health.set(NodeHealth.HEALTHY);
        loop.beat();

        assertThat(sender.sent()).extracting(Heartbeat::status).containsExactly("degraded", "degraded", "healthy");
        assertThat(log.lines("node degraded"))
                .singleElement()
                .satisfies(line -> assertThat(line.key("reason")).isEqualTo("event stream down"));
        assertThat(log.lines("node healthy again")).hasSize(1);
    }

    @Test
    void givenAnswerAsksForReconcile_beat_requestsOne() throws Exception {
        sender.answer(new HeartbeatResponse(true, false));

        loop().beat();

        assertThat(reconciles).containsExactly(ReconcileReason.HEARTBEAT);
    }

    @Test
    void givenAnswerAsksToRotateKeys_beat_logsOncePerAnswerAndRemembersWhen() throws Exception {
        HeartbeatLoop loop = loop();
        sender.answer(new HeartbeatResponse(false, true));

        loop.beat();
        world.advance(Duration.ofSeconds(30));
        loop.beat();
        sender.answer(new HeartbeatResponse(false, false));
        loop.beat();

        assertThat(log.lines().stream().filter(l -> l.message().startsWith("control plane asks to rotate")))
                .hasSize(2)
                .allSatisfy(line -> assertThat(line.level()).isEqualTo("INFO"));
        assertThat(loop.rotateKeysAskedAt()).contains(world.clock.instant());
        assertThat(reconciles).isEmpty();
    }

    @Test
    void givenDiscovery_run_carriesTheLastResultAndUptimeEveryInterval() throws Exception {
        HeartbeatLoop loop = loop();
        nat.set(Optional.of(new NatInfo(Endpoint.parse("203.0.113.10:40000"), NatType.FULL_CONE)));
        Thread thread = new Thread(() -> {
            try {
                loop.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        thread.start();
        world.sleeper.awaitSleeps(1);
        world.advance(Duration.ofSeconds(30));

        world.sleeper.nextCycle();
        thread.interrupt();
        thread.join(5000);

        assertThat(sender.sent()).hasSize(2);
        Heartbeat second = sender.sent().get(1);
        assertThat(second.nat()).map(NatInfo::publicEndpoint).contains(Endpoint.parse("203.0.113.10:40000"));
        assertThat(second.uptime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(world.sleeper.requested()).containsOnly(Duration.ofSeconds(30));
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void givenControlPlaneDown_beat_logsWarningAndCarriesOn() throws Exception {
        sender.failWith(new ControlPlaneException(ControlPlaneException.Kind.NETWORK, "connection refused", null));

        assertThat(loop().beat()).isEmpty();
        assertThat(log.lines("heartbeat failed")).singleElement().satisfies(line -> {
            assertThat(line.level()).isEqualTo("WARN");
            assertThat(line.key("component")).isEqualTo("controlplane");
        });
    }

    @Test
    void theBinary_isReadOnceAtTheFirstBeat_notWhenTheLoopIsBuilt() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        HeartbeatLoop loop = new HeartbeatLoop(
                sender,
                new HeartbeatSources(nat::get, health::get, reconciles::add),
                Scenario.NODE,
                () -> {
                    reads.incrementAndGet();
                    return BINARY;
                },
                Duration.ofSeconds(30),
                world.sleeper,
                world.clock);
        assertThat(reads).as("hashing the jar is no part of building the agent").hasValue(0);

        loop.beat();
        loop.beat();

        assertThat(reads).hasValue(1);
        assertThat(sender.sent())
                .extracting(Heartbeat::binaryChecksum)
                .containsExactly(BINARY.checksum(), BINARY.checksum());
    }

    @Test
    void givenAZeroInterval_construct_failsNamingTheHeartbeatIntervalField() {
        assertThatThrownBy(() -> new HeartbeatLoop(
                        sender,
                        new HeartbeatSources(nat::get, health::get, reconciles::add),
                        Scenario.NODE,
                        () -> BINARY,
                        Duration.ZERO,
                        world.sleeper,
                        world.clock))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("HeartbeatInterval must be positive")
                .extracting(e -> ((InvalidConfigException) e).field())
                .isEqualTo(ConfigField.HEARTBEAT_INTERVAL);
    }
}
