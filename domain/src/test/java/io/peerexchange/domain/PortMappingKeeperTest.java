package io.peerexchange.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.testing.FakePortMapper;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PortMappingKeeperTest {
    @RegisterExtension
    final LogCapture log = new LogCapture();

    final FakePortMapper gateway = new FakePortMapper();
    final ManualSleeper sleeper = new ManualSleeper();
    final List<Optional<Endpoint>> heard = new CopyOnWriteArrayList<>();
    Thread loop;

    PortMappingKeeper start(Optional<Duration> override) throws Exception {
        PortMappingKeeper keeper = new PortMappingKeeper(gateway, Scenario.LISTEN_PORT, override, sleeper);
        keeper.addListener(heard::add);
        loop = new Thread(() -> {
            try {
                keeper.run();
            } catch (InterruptedException e) {
                // stopped
            }
        });
        loop.start();
        sleeper.awaitSleeps(1);
        return keeper;
    }

    @AfterEach
    void stop() throws Exception {
        if (loop != null) {
            loop.interrupt();
            loop.join(2000);
        }
    }

    @Test
    void givenAGatewayThatMaps_run_holdsTheMappingAndRenewsAtHalfTheGrantedLifetime() throws Exception {
        gateway.mapsTo("203.0.113.10:51820").grants(Duration.ofMinutes(30));

        PortMappingKeeper keeper = start(Optional.empty());

        assertThat(keeper.mappedEndpoint()).contains(Endpoint.parse("203.0.113.10:51820"));
        assertThat(keeper.publicEndpoint()).contains(Endpoint.parse("203.0.113.10:51820"));
        assertThat(sleeper.requested()).containsExactly(Duration.ofMinutes(15));
        assertThat(heard).containsExactly(Optional.of(Endpoint.parse("203.0.113.10:51820")));
        sleeper.nextCycle();
        assertThat(gateway.calls()).containsExactly("map 51820", "renew 203.0.113.10:51820");
        assertThat(heard).hasSize(1);
    }

    @Test
    void givenAMapping_candidates_isItsPortmapCandidate_andNoneWithout() throws Exception {
        gateway.mapsTo("100.64.0.7:51820").grants(Duration.ofMinutes(30));

        PortMappingKeeper keeper = start(Optional.empty());

        assertThat(keeper.candidates(51820))
                .containsExactly(new Candidate(Endpoint.parse("100.64.0.7:51820"), CandidateKind.PORTMAP));
        assertThat(keeper.publicEndpoint()).isEmpty();
        loop.interrupt();
        loop.join(2000);
        keeper.close();
        assertThat(keeper.candidates(51820)).isEmpty();
    }

    @Test
    void givenAPermanentLease_run_checksItAtHalfTheDefaultLifetimeAndCloseDeletesIt() throws Exception {
        gateway.mapsTo("203.0.113.10:51820").grants(Duration.ZERO);

        PortMappingKeeper keeper = start(Optional.empty());
        loop.interrupt();
        loop.join(2000);
        keeper.close();

        assertThat(sleeper.requested()).containsExactly(PortMappingKeeper.DEFAULT_LIFETIME.dividedBy(2));
        assertThat(gateway.calls()).containsExactly("map 51820", "release 203.0.113.10:51820");
        assertThat(gateway.held()).isEmpty();
        assertThat(keeper.current()).isEmpty();
    }

    @Test
    void givenNoServiceAtTheGateway_run_logsOnceAndRetries() throws Exception {
        start(Optional.empty());
        sleeper.nextCycle();
        sleeper.nextCycle();

        assertThat(sleeper.requested()).containsOnly(PortMappingKeeper.RETRY_INTERVAL);
        assertThat(gateway.calls()).containsExactly("map 51820", "map 51820", "map 51820");
        assertThat(log.lines("no port mapping: the gateway did not map the WireGuard port"))
                .singleElement()
                .satisfies(line -> assertThat(line.level()).isEqualTo("INFO"));
    }

    @Test
    void givenTheGatewayRestartsAndLosesTheMapping_run_remapsWithinOneRenewalAndTellsTheListeners() throws Exception {
        gateway.mapsTo("203.0.113.10:51820");
        PortMappingKeeper keeper = start(Optional.of(Duration.ofSeconds(3)));

        gateway.failsWith("no answer");
        sleeper.nextCycle();
        assertThat(keeper.current()).isEmpty();
        gateway.mapsTo("203.0.113.10:40000");
        sleeper.nextCycle();

        assertThat(sleeper.requested()).containsOnly(Duration.ofSeconds(3));
        assertThat(keeper.mappedEndpoint()).contains(Endpoint.parse("203.0.113.10:40000"));
        assertThat(heard)
                .containsExactly(
                        Optional.of(Endpoint.parse("203.0.113.10:51820")),
                        Optional.empty(),
                        Optional.of(Endpoint.parse("203.0.113.10:40000")));
    }

    @Test
    void givenAPrivateOrSharedExternalAddress_publicEndpoint_isEmptyAndItIsLogged() throws Exception {
        gateway.mapsTo("100.64.0.7:51820");

        PortMappingKeeper keeper = start(Optional.empty());

        assertThat(keeper.mappedEndpoint()).contains(Endpoint.parse("100.64.0.7:51820"));
        assertThat(keeper.publicEndpoint()).isEmpty();
        assertThat(log.lines()).anySatisfy(line -> {
            assertThat(line.level()).isEqualTo("WARN");
            assertThat(line.message()).contains("private or shared");
        });
    }

    @Test
    void publicAddresses_refuseRfc1918SharedUlaAndLoopbackButKeepDocumentationRanges() throws Exception {
        for (String address : List.of(
                "10.1.2.3",
                "172.16.0.1",
                "192.168.1.1",
                "100.64.0.1",
                "100.127.255.254",
                "127.0.0.1",
                "169.254.1.1",
                "fd00::1",
                "fe80::1")) {
            assertThat(PublicAddresses.isPublic(java.net.InetAddress.getByName(address)))
                    .as(address)
                    .isFalse();
        }
        for (String address : List.of("203.0.113.10", "198.51.100.1", "100.128.0.1", "8.8.8.8", "2001:db8::1")) {
            assertThat(PublicAddresses.isPublic(java.net.InetAddress.getByName(address)))
                    .as(address)
                    .isTrue();
        }
    }
}
