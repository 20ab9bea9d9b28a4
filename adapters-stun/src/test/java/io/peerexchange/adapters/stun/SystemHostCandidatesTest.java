package io.peerexchange.adapters.stun;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.adapters.stun.SystemHostCandidates.Nic;
import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemHostCandidatesTest {
    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void givenInterfaces_candidates_areTheUsableAddressesOfUpInterfacesButTheTunnel_ipv4First() throws Exception {
        List<Nic> nics = List.of(
                new Nic("lo", true, true, List.of(ip("127.0.0.1"), ip("::1"))),
                new Nic("eth0", true, false, List.of(ip("2001:db8:1::2"), ip("fe80::1"), ip("192.168.1.2"))),
                new Nic("eth1", false, false, List.of(ip("10.1.1.1"))),
                new Nic("wg0", true, false, List.of(ip("10.99.0.1"), ip("fd00:99::1"))),
                new Nic("eth2", true, false, List.of(ip("169.254.3.3"), ip("fd12:3456::7"), ip("10.2.2.2"))));

        List<Candidate> candidates = SystemHostCandidates.candidates(nics, "wg0", 51820);

        assertThat(candidates)
                .containsExactly(
                        Candidate.of(CandidateKind.HOST, "192.168.1.2:51820"),
                        Candidate.of(CandidateKind.HOST, "10.2.2.2:51820"),
                        Candidate.of(CandidateKind.HOST, "[2001:db8:1::2]:51820"),
                        Candidate.of(CandidateKind.HOST, "[fd12:3456::7]:51820"));
    }

    @Test
    void onThisHost_candidates_neverNameLoopbackOrLinkLocal() {
        assertThat(new SystemHostCandidates("wg0").candidates(51820)).allSatisfy(c -> {
            assertThat(c.endpoint().address().isLoopbackAddress()).isFalse();
            assertThat(c.endpoint().address().isLinkLocalAddress()).isFalse();
            assertThat(c.endpoint().port()).isEqualTo(51820);
        });
    }
}
