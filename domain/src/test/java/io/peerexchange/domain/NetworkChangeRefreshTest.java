package io.peerexchange.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.ports.BindingMethod;
import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.NetworkChange;
import io.peerexchange.ports.StunClient;
import io.peerexchange.ports.testing.FakeEndpointReporter;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Network changes end the refresh wait: a burst makes one round, the WireGuard interface's own none. */
class NetworkChangeRefreshTest {
    static final String WIREGUARD = "pxwg0";

    private final Scenario world = new Scenario();
    private final AtomicInteger gathered = new AtomicInteger();
    private final StunClient bound = (server, localPort, timeout) -> new MappedAddress(
            Endpoint.parse("203.0.113.10:40000"),
            server,
            Endpoint.parse(server.host().equals("stun1.test") ? "198.51.100.1:3478" : "198.51.100.2:3478"),
            BindingMethod.BOUND,
            localPort);

    private Discoverer discoverer() {
        Discoverer discoverer = new Discoverer(bound, Set::of, world.config, Scenario.LISTEN_PORT, world.sleeper);
        discoverer.reportConnectivity((nat, otherFamily) -> {
            gathered.incrementAndGet();
            return Connectivity.NONE;
        });
        return discoverer;
    }

    private Thread start(Discoverer discoverer) {
        FakeEndpointReporter reporter = new FakeEndpointReporter();
        Thread loop = new Thread(() -> {
            try {
                discoverer.run(Scenario.NODE, reporter, world.applier());
            } catch (InterruptedException | DiscoveryException e) {
                Thread.currentThread().interrupt();
            }
        });
        loop.start();
        return loop;
    }

    private static NetworkChange of(int index, String name) {
        return new NetworkChange(index, Optional.of(name));
    }

    @Test
    void givenABurstOfChanges_theLoop_debouncesThemIntoOneRound() throws Exception {
        Discoverer discoverer = discoverer();
        NetworkChangeTrigger trigger = new NetworkChangeTrigger(WIREGUARD, discoverer::refreshNow);
        Duration interval = world.config.applyDefaults().refreshInterval();
        Thread loop = start(discoverer);
        try {
            world.sleeper.awaitSleeps(1);
            assertThat(gathered).hasValue(1);

            for (int i = 0; i < 20; i++) {
                trigger.accept(of(2, "eth0"));
            }
            world.sleeper.nextCycle();
            for (int i = 0; i < 20; i++) {
                trigger.accept(i % 2 == 0 ? of(2, "eth0") : NetworkChange.UNKNOWN);
            }
            world.sleeper.nextCycle();

            assertThat(world.sleeper.requested()).containsExactly(interval, Discoverer.REFRESH_NOW_DEBOUNCE, interval);
            assertThat(gathered).hasValue(2);

            world.sleeper.nextCycle();
            assertThat(world.sleeper.requested()).endsWith(interval, interval);
            assertThat(gathered).hasValue(3);
        } finally {
            loop.interrupt();
            loop.join(1000);
        }
    }

    @Test
    void givenChangesOfTheWireGuardInterfaceOnly_theLoop_waitsTheRefreshIntervalAsBefore() throws Exception {
        Discoverer discoverer = discoverer();
        NetworkChangeTrigger trigger = new NetworkChangeTrigger(WIREGUARD, discoverer::refreshNow);
        Duration interval = world.config.applyDefaults().refreshInterval();
        Thread loop = start(discoverer);
        try {
            world.sleeper.awaitSleeps(1);
            for (int i = 0; i < 20; i++) {
                trigger.accept(of(7, WIREGUARD));
            }
            world.sleeper.nextCycle();

            assertThat(world.sleeper.requested()).containsExactly(interval, interval);
        } finally {
            loop.interrupt();
            loop.join(1000);
        }
    }

    @Test
    void givenChanges_theTrigger_ignoresTheWireGuardInterface_andPassesOthersAndUnknownOnes() {
        AtomicInteger refreshes = new AtomicInteger();
        NetworkChangeTrigger trigger = new NetworkChangeTrigger(WIREGUARD, refreshes::incrementAndGet);

        trigger.accept(of(7, WIREGUARD));
        assertThat(refreshes).hasValue(0);

        trigger.accept(of(2, "eth0"));
        trigger.accept(new NetworkChange(9, Optional.empty()));
        trigger.accept(NetworkChange.UNKNOWN);
        assertThat(refreshes).hasValue(3);
    }

    @Test
    void givenARaiseFromAnotherThread_theSystemSleeper_endsItsWaitEarly() throws Exception {
        Wake wake = new Wake();
        Thread raiser = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            wake.raise();
        });
        long start = System.nanoTime();
        raiser.start();

        boolean woken = Sleeper.SYSTEM.sleep(Duration.ofSeconds(10), wake);

        assertThat(woken).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(wake.take()).as("the raise was taken").isFalse();
        assertThat(Sleeper.SYSTEM.sleep(Duration.ofMillis(20), wake)).isFalse();
        raiser.join(1000);
    }
}
