package io.peerexchange.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointReport;
import io.peerexchange.ports.NatType;
import io.peerexchange.ports.testing.FakePortMapper;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The exchange with a port mapper beside it: the mapping is reported behind a symmetric NAT and released on close. */
class ExchangerPortMappingTest {
    private static final Endpoint MAPPED = Endpoint.parse("203.0.113.10:51820");

    final Scenario world = new Scenario();
    final FakePortMapper gateway = new FakePortMapper().mapsTo(MAPPED.toString());
    final ManualSleeper keeperSleeper = new ManualSleeper();

    @Test
    void givenASymmetricNat_run_reportsTheMappingAndCloseReleasesIt() throws Exception {
        world.stun
                .server("stun1.test:3478", "198.51.100.1:3478", "203.0.113.10:40000")
                .server("stun2.test:3478", "198.51.100.2:3478", "203.0.113.10:40001");
        PortMappingKeeper keeper =
                new PortMappingKeeper(gateway, Scenario.LISTEN_PORT, Optional.empty(), keeperSleeper);
        Discoverer discoverer = new Discoverer(
                world.stun, Set::of, world.config, Scenario.LISTEN_PORT, world.sleeper, keeper::publicEndpoint);
        Exchanger exchanger =
                new Exchanger(world.config, discoverer, world.reporter, world.applier(), Optional.of(keeper));
        Thread runner = new Thread(() -> {
            try {
                exchanger.run(Scenario.NODE);
            } catch (DiscoveryException e) {
                throw new IllegalStateException(e);
            }
        });
        runner.start();
        world.sleeper.awaitSleeps(1);
        keeperSleeper.awaitSleeps(1);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!lastReport().map(r -> r.publicEndpoint().equals(MAPPED)).orElse(false)
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertThat(lastReport()).get().satisfies(report -> {
            assertThat(report.publicEndpoint()).isEqualTo(MAPPED);
            assertThat(report.natType()).isEqualTo(NatType.SYMMETRIC);
        });
        exchanger.close();
        runner.join(3000);

        assertThat(runner.isAlive()).isFalse();
        assertThat(gateway.calls()).containsExactly("map 51820", "release " + MAPPED);
        assertThat(gateway.held()).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("peerexchange-portmap"));
    }

    private Optional<EndpointReport> lastReport() {
        List<EndpointReport> reports = world.reporter.reports();
        return reports.isEmpty() ? Optional.empty() : Optional.of(reports.get(reports.size() - 1));
    }
}
