package io.peerexchange.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.BindingMethod;
import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointReport;
import io.peerexchange.ports.IceCredentials;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.NatInfo;
import io.peerexchange.ports.NatType;
import io.peerexchange.ports.StunClient;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import io.peerexchange.ports.testing.FakeEndpointReporter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Server fallback and NAT classification, including both fixes of the original design. */
class DiscovererTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    final Scenario world = new Scenario();

    /** Both servers see 203.0.113.10:40000 from the WireGuard port, bound. */
    private static final StunClient BOUND_FULL_CONE = (server, localPort, timeout) -> new MappedAddress(
            Endpoint.parse("203.0.113.10:40000"),
            server,
            Endpoint.parse(server.host().equals("stun1.test") ? "198.51.100.1:3478" : "198.51.100.2:3478"),
            BindingMethod.BOUND,
            localPort);

    @Test
    void givenMappedAddressIsOneOfTheHostsOwn_discover_classifiesNone() throws Exception {
        world.stun
                .server("stun1.test:3478", "198.51.100.1:3478", "192.168.1.2:51820")
                .server("stun2.test:3478", "198.51.100.2:3478", "192.168.1.2:51820");

        DiscoveryResult result = world.discoverer().discover();

        assertThat(result.natInfo().type()).isEqualTo(NatType.NONE);
        assertThat(result.natInfo().publicEndpoint()).isEqualTo(Endpoint.parse("192.168.1.2:51820"));
    }

    @Test
    void givenPortPreservingNat_discover_doesNotClaimNoNat() throws Exception {
        // The original design called this "none" because the mapped port equals the local port.
        world.stun
                .server("stun1.test:3478", "198.51.100.1:3478", "203.0.113.10:51820")
                .server("stun2.test:3478", "198.51.100.2:3478", "203.0.113.10:51820");

        DiscoveryResult result = world.discoverer().discover();

        assertThat(result.natInfo().type()).isEqualTo(NatType.FULL_CONE);
    }

    @Test
    void givenSameMappingSeenFromTwoServerIps_discover_classifiesFullCone() throws Exception {
        world.stun
                .server("stun1.test:3478", "198.51.100.1:3478", "203.0.113.10:40000")
                .server("stun2.test:3478", "198.51.100.2:3478", "203.0.113.10:40000");

        DiscoveryResult result = world.discoverer().discover();

        assertThat(result.natInfo().type()).isEqualTo(NatType.FULL_CONE);
        assertThat(result.natInfo().publicEndpoint()).isEqualTo(Endpoint.parse("203.0.113.10:40000"));
        assertThat(result.comparison()).map(MappedAddress::server).contains(StunServer.parse("stun2.test:3478"));
    }

    @Test
    void givenDifferentMappingsFromTwoServerIps_discover_classifiesSymmetric() throws Exception {
        world.stun
                .server("stun1.test:3478", "198.51.100.1:3478", "203.0.113.10:40000")
                .server("stun2.test:3478", "198.51.100.2:3478", "203.0.113.10:40001");

        DiscoveryResult result = world.discoverer().discover();

        assertThat(result.natInfo().type()).isEqualTo(NatType.SYMMETRIC);
        assertThat(result.natInfo().publicEndpoint()).isEqualTo(Endpoint.parse("203.0.113.10:40000"));
    }

    @Test
    void givenOnlyOneServerAnswers_discover_classifiesUnknownAndLogsClassificationIncomplete() throws Exception {
        world.stun.server("stun1.test:3478", "198.51.100.1:3478", "203.0.113.10:40000");

        DiscoveryResult result = world.discoverer().discover();

        assertThat(result.natInfo().type()).isEqualTo(NatType.UNKNOWN);
        assertThat(log.lines("NAT classification incomplete")).singleElement().satisfies(line -> {
            assertThat(line.level()).isEqualTo("INFO");
            assertThat(line.key("component")).isEqualTo("nat");
            assertThat(line.key("reason")).asString().contains("different IP");
        });
    }

    @Test
    void givenTwoServersOnOneIp_discover_doesNotCompareThem() throws Exception {
        // Two names for one machine prove nothing about the mapping behaviour.
        world.stun
                .server("stun1.test:3478", "198.51.100.1:3478", "203.0.113.10:40000")
                .server("stun2.test:3478", "198.51.100.1:3479", "203.0.113.10:40000");

        DiscoveryResult result = world.discoverer().discover();

        assertThat(result.natInfo().type()).isEqualTo(NatType.UNKNOWN);
        assertThat(result.comparison()).isEmpty();
    }

    @Test
    void givenThirdServerOnAnotherIp_discover_usesItAfterASameIpSecond() throws Exception {
        world.config = world.config.withStunServers(List.of(
                StunServer.parse("stun1.test:3478"),
                StunServer.parse("stun2.test:3478"),
                StunServer.parse("stun3.test:3478")));
        world.stun
                .server("stun1.test:3478", "198.51.100.1:3478", "203.0.113.10:40000")
                .server("stun2.test:3478", "198.51.100.1:3479", "203.0.113.10:40000")
                .server("stun3.test:3478", "198.51.100.3:3478", "203.0.113.10:40002");

        assertThat(world.discoverer().discover().natInfo().type()).isEqualTo(NatType.SYMMETRIC);
    }

    @Test
    void givenFirstServerFails_discover_fallsBackToTheNextAndLogsTheFailedBinding() throws Exception {
        world.config = world.config.withStunServers(List.of(
                StunServer.parse("stun1.test:3478"),
                StunServer.parse("stun2.test:3478"),
                StunServer.parse("stun3.test:3478")));
        world.stun
                .server("stun1.test:3478", "198.51.100.1:3478", new StunException("no answer within 1000 ms"))
                .server("stun2.test:3478", "198.51.100.2:3478", "203.0.113.10:40000")
                .server("stun3.test:3478", "198.51.100.3:3478", "203.0.113.10:40000");

        DiscoveryResult result = world.discoverer().discover();

        assertThat(result.primary().server()).isEqualTo(StunServer.parse("stun2.test:3478"));
        assertThat(result.natInfo().type()).isEqualTo(NatType.FULL_CONE);
        assertThat(log.lines("STUN binding failed")).singleElement().satisfies(line -> {
            assertThat(line.level()).isEqualTo("WARN");
            assertThat(line.key("component")).isEqualTo("nat");
            assertThat(line.key("server")).hasToString("stun1.test:3478");
            assertThat(line.key("error")).isEqualTo("no answer within 1000 ms");
        });
    }

    @Test
    void givenEveryServerFails_discover_throwsNamingEachServersError() {
        world.stun.server("stun1.test:3478", "198.51.100.1:3478", new StunException("no answer within 1000 ms"));

        assertThatThrownBy(() -> world.discoverer().discover())
                .isInstanceOf(DiscoveryException.class)
                .hasMessage("all 2 STUN servers failed: stun1.test:3478 (no answer within 1000 ms); "
                        + "stun2.test:3478 (no answer from stun2.test:3478 within 1000 ms)");
    }

    @Test
    void givenAnyFreePortRequested_discover_comparesFromThePortTheFirstBindingUsed() throws Exception {
        List<Integer> ports = new java.util.concurrent.CopyOnWriteArrayList<>();
        StunClient recording = (server, localPort, timeout) -> {
            ports.add(localPort);
            int used = localPort == 0 ? 45678 : localPort;
            String serverIp = server.host().equals("stun1.test") ? "198.51.100.1" : "198.51.100.2";
            return new MappedAddress(
                    Endpoint.parse("203.0.113.10:" + used),
                    server,
                    Endpoint.parse(serverIp + ":3478"),
                    BindingMethod.BOUND,
                    used);
        };
        Discoverer discoverer = new Discoverer(recording, Set::of, world.config, 0, world.sleeper);

        DiscoveryResult result = discoverer.discover();

        assertThat(ports).containsExactly(0, 45678);
        assertThat(result.natInfo().type()).isEqualTo(NatType.FULL_CONE);
    }

    @Test
    void givenEphemeralMappingBehindNat_run_doesNotReportIt() throws Exception {
        StunClient ephemeral = (server, localPort, timeout) -> new MappedAddress(
                Endpoint.parse("203.0.113.10:33333"),
                server,
                Endpoint.parse("198.51.100.1:3478"),
                BindingMethod.EPHEMERAL,
                33333);
        Discoverer discoverer = new Discoverer(ephemeral, Set::of, world.config, Scenario.LISTEN_PORT, world.sleeper);
        FakeEndpointReporter reporter = new FakeEndpointReporter();
        world.runUntilSleeps(discoverer, reporter, 1);

        assertThat(reporter.reports()).isEmpty();
        assertThat(log.lines()).anySatisfy(line -> {
            assertThat(line.level()).isEqualTo("WARN");
            assertThat(line.message()).contains("not the WireGuard port's");
        });
    }

    @Test
    void givenEphemeralMappingWithoutNat_discover_reportsTheHostAddressAtTheListenPort() throws Exception {
        InetAddress own = InetAddress.getByName("198.51.100.50");
        StunClient ephemeral = (server, localPort, timeout) -> new MappedAddress(
                new Endpoint(own, 33333), server, Endpoint.parse("198.51.100.1:3478"), BindingMethod.EPHEMERAL, 33333);
        Discoverer discoverer =
                new Discoverer(ephemeral, () -> Set.of(own), world.config, Scenario.LISTEN_PORT, world.sleeper);

        DiscoveryResult result = discoverer.discover();

        assertThat(result.natInfo().type()).isEqualTo(NatType.NONE);
        assertThat(result.natInfo().publicEndpoint()).isEqualTo(new Endpoint(own, Scenario.LISTEN_PORT));
    }

    @Test
    void discover_passesTheConfiguredTimeoutToEveryBinding() throws Exception {
        List<Duration> timeouts = new java.util.concurrent.CopyOnWriteArrayList<>();
        StunClient recording = (server, localPort, timeout) -> {
            timeouts.add(timeout);
            throw new StunException("silent");
        };
        Discoverer discoverer = new Discoverer(
                recording,
                Set::of,
                world.config.withTimeout(Duration.ofMillis(750)),
                Scenario.LISTEN_PORT,
                world.sleeper);

        assertThatThrownBy(discoverer::discover).isInstanceOf(DiscoveryException.class);
        assertThat(timeouts).containsOnly(Duration.ofMillis(750)).hasSize(2);
    }

    @Test
    void givenLocalConnectivity_run_reportsItWithTheEndpoint_andWithoutItTheSeedReport() throws Exception {
        io.peerexchange.ports.Connectivity ours = new Connectivity(
                List.of(Candidate.of(CandidateKind.SRFLX, "203.0.113.10:40000")),
                Optional.of(IceCredentials.of("abcd", "0123456789012345678901")));
        Discoverer seed = new Discoverer(BOUND_FULL_CONE, Set::of, world.config, Scenario.LISTEN_PORT, world.sleeper);
        Discoverer withChecks =
                new Discoverer(BOUND_FULL_CONE, Set::of, world.config, Scenario.LISTEN_PORT, world.sleeper);
        List<NatInfo> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        withChecks.reportConnectivity((nat, otherFamily) -> {
            asked.add(nat);
            return ours;
        });
        FakeEndpointReporter seedReports = new FakeEndpointReporter();
        FakeEndpointReporter checkReports = new FakeEndpointReporter();

        for (Discoverer discoverer : List.of(seed, withChecks)) {
            FakeEndpointReporter reporter = discoverer == seed ? seedReports : checkReports;
            int sleeps = world.sleeper.requested().size();
            world.runUntilSleeps(discoverer, reporter, sleeps + 1);
        }

        assertThat(seedReports.reports())
                .singleElement()
                .satisfies(report -> assertThat(report.connectivity()).isSameAs(Connectivity.NONE));
        assertThat(checkReports.reports()).singleElement().satisfies(report -> {
            assertThat(report.connectivity()).isEqualTo(ours);
            assertThat(report.publicEndpoint()).isEqualTo(Endpoint.parse("203.0.113.10:40000"));
        });
        assertThat(asked).extracting(NatInfo::publicEndpoint).containsExactly(Endpoint.parse("203.0.113.10:40000"));
    }

    @Test
    void givenRefreshNow_run_discoversAndReportsAgainWithoutWaitingTheRefreshInterval() throws Exception {
        Discoverer discoverer =
                new Discoverer(BOUND_FULL_CONE, Set::of, world.config, Scenario.LISTEN_PORT, Sleeper.SYSTEM);
        FakeEndpointReporter reporter = new FakeEndpointReporter();
        try (Scenario.Running loop = world.start(discoverer, reporter)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (reporter.reports().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(reporter.reports()).hasSize(1);
            long asked = System.nanoTime();

            discoverer.refreshNow();
            while (reporter.reports().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }

            assertThat(reporter.reports()).hasSize(2);
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(world.config.refreshInterval());
        }
    }

    @Test
    void givenAClosedReportGate_run_discoversAtOnceAndReportsOnlyOnceTheGateOpens() throws Exception {
        Discoverer discoverer =
                new Discoverer(BOUND_FULL_CONE, Set::of, world.config, Scenario.LISTEN_PORT, world.sleeper);
        FakeEndpointReporter reporter = new FakeEndpointReporter();
        CountDownLatch open = new CountDownLatch(1);
        CountDownLatch waiting = new CountDownLatch(1);
        ReportGate gate = () -> {
            waiting.countDown();
            open.await();
        };
        try (Scenario.Running loop = world.start(discoverer, reporter, world.applier(), gate)) {
            assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(discoverer.lastResult())
                    .get()
                    .extracting(NatInfo::publicEndpoint)
                    .isEqualTo(Endpoint.parse("203.0.113.10:40000"));
            assertThat(reporter.reports()).isEmpty();

            open.countDown();
            world.sleeper.awaitSleeps(1);

            assertThat(reporter.reports())
                    .singleElement()
                    .extracting(EndpointReport::publicEndpoint)
                    .isEqualTo(Endpoint.parse("203.0.113.10:40000"));
        }
    }

    @Test
    void givenAPortOutOfRange_construct_failsNamingTheListenPortField() {
        assertThatThrownBy(() -> new Discoverer(world.stun, Set::of, world.config, 65536, world.sleeper))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("ListenPort must be 0-65535")
                .extracting(e -> ((InvalidConfigException) e).field())
                .isEqualTo(ConfigField.LISTEN_PORT);
    }

    @Test
    void givenASymmetricNatAndAGatewayMapping_discover_reportsTheMappedEndpoint() throws Exception {
        world.stun
                .server("stun1.test:3478", "198.51.100.1:3478", "203.0.113.10:40000")
                .server("stun2.test:3478", "198.51.100.2:3478", "203.0.113.10:40001");
        Endpoint mapped = Endpoint.parse("203.0.113.10:51820");
        Discoverer discoverer = new Discoverer(
                world.stun, Set::of, world.config, Scenario.LISTEN_PORT, world.sleeper, () -> Optional.of(mapped));
        FakeEndpointReporter reporter = new FakeEndpointReporter();

        world.runUntilSleeps(discoverer, reporter, 1);

        assertThat(reporter.reports()).singleElement().satisfies(report -> {
            assertThat(report.publicEndpoint()).isEqualTo(mapped);
            assertThat(report.natType()).isEqualTo(NatType.SYMMETRIC);
        });
    }

    @Test
    void givenAFullConeNatAndAGatewayMapping_discover_keepsTheStunAnswer() throws Exception {
        world.stun
                .server("stun1.test:3478", "198.51.100.1:3478", "203.0.113.10:40000")
                .server("stun2.test:3478", "198.51.100.2:3478", "203.0.113.10:40000");
        FakeEndpointReporter reporter = new FakeEndpointReporter();
        Discoverer discoverer = new Discoverer(
                world.stun,
                Set::of,
                world.config,
                Scenario.LISTEN_PORT,
                world.sleeper,
                () -> Optional.of(Endpoint.parse("203.0.113.10:51820")));

        world.runUntilSleeps(discoverer, reporter, 1);

        assertThat(reporter.reports())
                .singleElement()
                .satisfies(
                        report -> assertThat(report.publicEndpoint()).isEqualTo(Endpoint.parse("203.0.113.10:40000")));
    }

    @Test
    void givenAMappingThatAppearsBetweenRefreshes_onMappingChanged_reportsAtOnce() throws Exception {
        world.stun.server("stun1.test:3478", "198.51.100.1:3478", "203.0.113.10:40000");
        java.util.concurrent.atomic.AtomicReference<Optional<Endpoint>> mapping =
                new java.util.concurrent.atomic.AtomicReference<>(Optional.empty());
        Discoverer discoverer =
                new Discoverer(world.stun, Set::of, world.config, Scenario.LISTEN_PORT, world.sleeper, mapping::get);
        FakeEndpointReporter reporter = new FakeEndpointReporter();
        try (Scenario.Running loop = world.start(discoverer, reporter)) {
            world.sleeper.awaitSleeps(1);

            mapping.set(Optional.of(Endpoint.parse("203.0.113.10:51820")));
            discoverer.onMappingChanged();
            discoverer.onMappingChanged();
        }

        assertThat(reporter.reports())
                .extracting(r -> r.publicEndpoint().toString())
                .containsExactly("203.0.113.10:40000", "203.0.113.10:51820");
        assertThat(discoverer.lastResult().orElseThrow().publicEndpoint())
                .isEqualTo(Endpoint.parse("203.0.113.10:51820"));
    }
}
