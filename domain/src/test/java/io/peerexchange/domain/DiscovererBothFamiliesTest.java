package io.peerexchange.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.domain.paths.CandidateGatherer;
import io.peerexchange.ports.AddressFamily;
import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointReport;
import io.peerexchange.ports.IceCredentials;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.NatType;
import io.peerexchange.ports.StunClient;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import io.peerexchange.ports.testing.FakeEndpointReporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * STUN servers of both address families (docs/PROTOCOL.md#stun-over-both-families): the mapping in
 * the family the primary binding did not use becomes a second srflx candidate and changes nothing
 * else.
 */
class DiscovererBothFamiliesTest {
    private static final String V4_MAPPING = "203.0.113.10:40000";
    private static final String V6_SERVER = "[2001:db8:ff::1]:3478";
    private static final String V6_SERVER_2 = "[2001:db8:ff::2]:3478";
    private static final String V6_MAPPING = "[2001:db8:ff::10]:40000";
    private static final String OTHER_FAMILY_FAILED =
            "no server-reflexive endpoint in the other address family; the report is unchanged";

    @RegisterExtension
    final LogCapture log = new LogCapture();

    final Scenario world = new Scenario();
    private final List<Optional<Endpoint>> otherFamilies = new CopyOnWriteArrayList<>();

    private void ipv4Servers() {
        world.stun
                .server("stun1.test:3478", "198.51.100.1:3478", V4_MAPPING)
                .server("stun2.test:3478", "198.51.100.2:3478", V4_MAPPING);
    }

    private void configure(String... extra) {
        List<StunServer> servers = new ArrayList<>(world.config.stunServers());
        Stream.of(extra).map(StunServer::parse).forEach(servers::add);
        world.config = world.config.withStunServers(servers);
    }

    @Test
    void givenAnIpv6ServerBesideIpv4Ones_discover_learnsTheIpv6MappingFromTheWireGuardPort_andKeepsTheReport()
            throws Exception {
        ipv4Servers();
        world.stun.server(V6_SERVER, V6_SERVER, V6_MAPPING);
        configure(V6_SERVER);

        DiscoveryResult result = world.discoverer().discover();

        assertThat(result.natInfo().publicEndpoint()).isEqualTo(Endpoint.parse(V4_MAPPING));
        assertThat(result.natInfo().type()).isEqualTo(NatType.FULL_CONE);
        assertThat(result.otherFamily()).hasValueSatisfying(mapped -> {
            assertThat(mapped.endpoint()).isEqualTo(Endpoint.parse(V6_MAPPING));
            assertThat(mapped.localPort()).isEqualTo(Scenario.LISTEN_PORT);
            assertThat(mapped.server()).isEqualTo(StunServer.parse(V6_SERVER));
        });
    }

    @Test
    void givenBothFamiliesConfigured_run_reportsTwoSrflxCandidates() throws Exception {
        ipv4Servers();
        world.stun.server(V6_SERVER, V6_SERVER, V6_MAPPING);
        configure(V6_SERVER);

        EndpointReport report = firstReport(world.discoverer());

        assertThat(report.publicEndpoint()).isEqualTo(Endpoint.parse(V4_MAPPING));
        assertThat(report.connectivity().candidates())
                .filteredOn(c -> c.kind() == CandidateKind.SRFLX)
                .extracting(c -> c.endpoint().toString())
                .containsExactly(V4_MAPPING, V6_MAPPING);
    }

    @Test
    void givenANameWithAddressesOfBothFamilies_discover_bindsItsIpv6AddressForTheOtherFamily() throws Exception {
        world.stun
                .server("stun1.test:3478", "198.51.100.1:3478", V4_MAPPING)
                .server("stun1.test:3478", "[2001:db8:ff::1]:3478", V6_MAPPING)
                .server("stun2.test:3478", "198.51.100.2:3478", V4_MAPPING);

        assertDiscovers(V4_MAPPING, V6_MAPPING);
    }

    @Test
    void givenAnIpv6PrimaryAndAnIpv4Server_discover_learnsTheIpv4MappingAsTheOtherFamily() throws Exception {
        world.config = world.config.withStunServers(
                List.of(StunServer.parse(V6_SERVER), StunServer.parse("198.51.100.1:3478")));
        world.stun
                .server(V6_SERVER, V6_SERVER, V6_MAPPING)
                .server("198.51.100.1:3478", "198.51.100.1:3478", V4_MAPPING);

        assertDiscovers(V6_MAPPING, V4_MAPPING);
    }

    @Test
    void givenOnlyIpv4Servers_run_reportsExactlyAsBefore_withNoOtherFamilyCandidateAndNoLine() throws Exception {
        world.config = world.config.withStunServers(
                List.of(StunServer.parse("198.51.100.1:3478"), StunServer.parse("198.51.100.2:3478")));
        world.stun
                .server("198.51.100.1:3478", "198.51.100.1:3478", V4_MAPPING)
                .server("198.51.100.2:3478", "198.51.100.2:3478", V4_MAPPING);

        EndpointReport report = firstReport(world.discoverer());

        assertThat(report.publicEndpoint()).isEqualTo(Endpoint.parse(V4_MAPPING));
        assertThat(report.natType()).isEqualTo(NatType.FULL_CONE);
        assertThat(report.connectivity().candidates())
                .extracting(c -> c.kind() + " " + c.endpoint())
                .containsExactly("host 192.168.1.2:51820", "srflx " + V4_MAPPING);
        assertThat(otherFamilies).containsExactly(Optional.empty());
        // IP literals of the primary's family cannot have the other one: no binding was even tried.
        assertThat(world.stun.calls())
                .extracting(StunServer::toString)
                .containsExactly("198.51.100.1:3478", "198.51.100.2:3478");
        assertThat(log.lines()).noneMatch(line -> line.message().contains("other address family"));
    }

    @Test
    void givenOnlyIpv4Names_discover_findsNoOtherFamily_andSaysSoAtDebugOnly() throws Exception {
        ipv4Servers();

        DiscoveryResult result = world.discoverer().discover();

        assertThat(result.otherFamily()).isEmpty();
        assertThat(result.natInfo().publicEndpoint()).isEqualTo(Endpoint.parse(V4_MAPPING));
        assertThat(log.lines(OTHER_FAMILY_FAILED)).allMatch(line -> line.level().equals("DEBUG"));
    }

    @Test
    void givenTheIpv6ServerFailing_run_reportsAsWithoutIt_andLogsTheError() throws Exception {
        ipv4Servers();
        world.stun.server(V6_SERVER, V6_SERVER, new StunException("no route to STUN server " + V6_SERVER));
        configure(V6_SERVER);

        EndpointReport report = firstReport(world.discoverer());

        assertThat(report.publicEndpoint()).isEqualTo(Endpoint.parse(V4_MAPPING));
        assertThat(report.natType()).isEqualTo(NatType.FULL_CONE);
        assertThat(report.connectivity().candidates())
                .extracting(c -> c.kind() + " " + c.endpoint())
                .containsExactly("host 192.168.1.2:51820", "srflx " + V4_MAPPING);
        assertThat(log.lines(OTHER_FAMILY_FAILED)).singleElement().satisfies(line -> {
            assertThat(line.level()).isEqualTo("INFO");
            assertThat(String.valueOf(line.key("error"))).contains("no route to STUN server " + V6_SERVER);
            assertThat(String.valueOf(line.key("family"))).isEqualTo("IPv6");
        });
    }

    @Test
    void givenTheFirstIpv6ServerSilent_discover_triesTheNextOneOfThatFamily() throws Exception {
        ipv4Servers();
        world.stun.server(V6_SERVER_2, V6_SERVER_2, "[2001:db8:ff::10]:40001");
        configure(V6_SERVER, V6_SERVER_2);

        DiscoveryResult result = world.discoverer().discover();

        assertThat(result.otherFamily())
                .map(mapped -> mapped.server().toString())
                .hasValue(V6_SERVER_2);
    }

    @Test
    void givenSilentIpv6Servers_discover_givesThemAllOneTimeoutTogether() throws Exception {
        ipv4Servers();
        configure(V6_SERVER, V6_SERVER_2);
        Duration timeout = Duration.ofMillis(300);
        List<Duration> asked = new CopyOnWriteArrayList<>();
        StunClient blackholed = new StunClient() {
            @Override
            public MappedAddress bind(StunServer server, int localPort, Duration t)
                    throws StunException, InterruptedException {
                return world.stun.bind(server, localPort, t);
            }

            @Override
            public MappedAddress bind(StunServer server, AddressFamily family, int localPort, Duration t)
                    throws StunException, InterruptedException {
                if (server.literalFamily().isEmpty()) {
                    throw new StunException("STUN server " + server + " has no " + family + " address");
                }
                asked.add(t);
                Thread.sleep(t.toMillis());
                throw new StunException("no answer from STUN server " + server + " within " + t.toMillis() + " ms");
            }
        };
        Discoverer discoverer = new Discoverer(
                blackholed,
                () -> Set.copyOf(world.hostAddresses),
                world.config.withTimeout(timeout),
                Scenario.LISTEN_PORT,
                world.sleeper);

        long start = System.nanoTime();
        DiscoveryResult result = discoverer.discover();

        assertThat(result.otherFamily()).isEmpty();
        assertThat(result.natInfo().publicEndpoint()).isEqualTo(Endpoint.parse(V4_MAPPING));
        assertThat(asked).singleElement().satisfies(t -> assertThat(t).isLessThanOrEqualTo(timeout));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.multipliedBy(2));
        assertThat(log.lines(OTHER_FAMILY_FAILED))
                .singleElement()
                .satisfies(line -> assertThat(String.valueOf(line.key("error")))
                        .contains(V6_SERVER + " (no answer")
                        .contains(V6_SERVER_2 + " (not tried"));
    }

    @Test
    void givenTheIpv6MappingChanges_eachRefresh_bindsAgainAndReportsTheNewOne() throws Exception {
        ipv4Servers();
        world.stun.server(V6_SERVER, V6_SERVER, V6_MAPPING, "[2001:db8:ff::10]:42000");
        configure(V6_SERVER);
        FakeEndpointReporter reporter = new FakeEndpointReporter();
        Discoverer discoverer = withGathering(world.discoverer());
        try (Scenario.Running loop = world.start(discoverer, reporter)) {
            world.sleeper.awaitSleeps(1);
            world.sleeper.nextCycle();
        }

        assertThat(otherFamilies)
                .as("first report, then with the IPv6 mapping; each refresh reports the one it knows, then the new one")
                .containsExactly(
                        Optional.empty(),
                        Optional.of(Endpoint.parse(V6_MAPPING)),
                        Optional.of(Endpoint.parse(V6_MAPPING)),
                        Optional.of(Endpoint.parse("[2001:db8:ff::10]:42000")));
        assertThat(reporter.reports())
                .extracting(EndpointReport::publicEndpoint)
                .containsOnly(Endpoint.parse(V4_MAPPING));
        assertThat(log.lines("other address family's server-reflexive endpoint changed"))
                .hasSize(1);
    }

    @Test
    void givenTheOtherFamilysMappingIsAHostAddress_gather_keepsOnlyTheHostCandidate() throws Exception {
        Endpoint ownV6 = Endpoint.parse("[2001:db8:1::2]:51820");
        CandidateGatherer gatherer = new CandidateGatherer(
                List.of(port -> List.of(
                        Candidate.of(CandidateKind.HOST, "192.168.1.2:51820"),
                        new Candidate(ownV6, CandidateKind.HOST))),
                List.of(),
                Scenario.LISTEN_PORT);

        List<Candidate> candidates = gatherer.gather(List.of(Endpoint.parse(V4_MAPPING), ownV6));

        assertThat(candidates)
                .extracting(c -> c.kind() + " " + c.endpoint())
                .containsExactly("host 192.168.1.2:51820", "host [2001:db8:1::2]:51820", "srflx " + V4_MAPPING);
    }

    /** The discoverer gathering as the agent does: a host candidate and every srflx endpoint discovery found. */
    private Discoverer withGathering(Discoverer discoverer) {
        CandidateGatherer gatherer = new CandidateGatherer(
                List.of(port -> List.of(Candidate.of(CandidateKind.HOST, "192.168.1.2:51820"))),
                List.of(),
                Scenario.LISTEN_PORT);
        discoverer.reportConnectivity((nat, otherFamily) -> {
            otherFamilies.add(otherFamily);
            List<Endpoint> reflexive = new ArrayList<>(List.of(nat.publicEndpoint()));
            otherFamily.ifPresent(reflexive::add);
            return new Connectivity(
                    gatherer.gather(reflexive), Optional.of(IceCredentials.of("abcd", "0123456789012345678901")));
        });
        return discoverer;
    }

    /**
     * What the first discovery reported once both families were asked: the report goes with the
     * primary family's mapping, and a second one follows only when the other family found one.
     */
    private EndpointReport firstReport(Discoverer plain) throws Exception {
        Discoverer discoverer = withGathering(plain);
        FakeEndpointReporter reporter = new FakeEndpointReporter();
        world.runUntilSleeps(discoverer, reporter, 1);
        List<EndpointReport> reports = reporter.reports();
        assertThat(reports).isNotEmpty().hasSizeLessThanOrEqualTo(2);
        assertThat(reports.get(0).connectivity().candidates())
                .as("the first report waits for no binding of the other family")
                .noneMatch(c -> c.kind() == CandidateKind.SRFLX
                        && !c.endpoint().equals(reports.get(0).publicEndpoint()));
        return reports.get(reports.size() - 1);
    }

    /** The discovery reports {@code primary} and learns {@code otherFamily} as the other family's mapping. */
    private void assertDiscovers(String primary, String otherFamily) throws Exception {
        DiscoveryResult result = world.discoverer().discover();

        assertThat(result.natInfo().publicEndpoint()).isEqualTo(Endpoint.parse(primary));
        assertThat(result.otherFamily())
                .map(mapped -> mapped.endpoint().toString())
                .hasValue(otherFamily);
    }
}
