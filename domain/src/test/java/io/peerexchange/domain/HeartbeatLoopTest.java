package io.peerexchange.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.Heartbeat;
import io.peerexchange.ports.NatInfo;
import io.peerexchange.ports.NatType;
import io.peerexchange.ports.testing.FakeHeartbeatSender;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HeartbeatLoopTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    final Scenario world = new Scenario();
    final FakeHeartbeatSender sender = new FakeHeartbeatSender();
    final AtomicReference<Optional<NatInfo>> nat = new AtomicReference<>(Optional.empty());

    HeartbeatLoop loop() {
        return new HeartbeatLoop(sender, nat::get, Scenario.NODE, Duration.ofSeconds(30), world.sleeper, world.clock);
    }

    @Test
    void givenNoDiscoveryYet_beat_sendsWithoutNat() throws Exception {
        loop().beat();

        assertThat(sender.sent()).singleElement().satisfies(h -> {
            assertThat(h.nat()).isEmpty();
            assertThat(h.nodeId()).isEqualTo(Scenario.NODE);
            assertThat(h.status()).isEqualTo("online");
        });
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
    void givenAZeroInterval_construct_failsNamingTheHeartbeatIntervalField() {
        assertThatThrownBy(() ->
                        new HeartbeatLoop(sender, nat::get, Scenario.NODE, Duration.ZERO, world.sleeper, world.clock))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("HeartbeatInterval must be positive")
                .extracting(e -> ((InvalidConfigException) e).field())
                .isEqualTo(ConfigField.HEARTBEAT_INTERVAL);
    }
}
