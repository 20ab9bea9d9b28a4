package io.peerexchange.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PathKindsTest {
    private static final NodeId PEER = new NodeId("b");
    private static final Endpoint PUBLIC = Endpoint.parse("203.0.113.20:41000");
    private static final Endpoint LAN = Endpoint.parse("192.168.2.2:51820");

    private static PathKind kind(
            Optional<String> held,
            Optional<Endpoint> written,
            Optional<Endpoint> reported,
            List<Candidate> candidates) {
        return PathKinds.FROM_ENDPOINTS.kindOf(new PathEvidence(PEER, held, written, reported, candidates));
    }

    @Test
    void givenWireGuardHoldsTheWrittenReportedEndpoint_kindOf_isSrflx() {
        assertThat(kind(Optional.of(PUBLIC.toString()), Optional.of(PUBLIC), Optional.of(PUBLIC), List.of()))
                .isEqualTo(PathKind.SRFLX);
    }

    @Test
    void givenNothingWrittenButWireGuardHoldsTheReportedEndpoint_kindOf_isSrflx() {
        assertThat(kind(Optional.of(PUBLIC.toString()), Optional.empty(), Optional.of(PUBLIC), List.of()))
                .isEqualTo(PathKind.SRFLX);
    }

    @Test
    void givenTheEndpointIsOneOfThePeersHostCandidates_kindOf_isHost() {
        assertThat(kind(
                        Optional.of(LAN.toString()),
                        Optional.of(LAN),
                        Optional.of(LAN),
                        List.of(new Candidate(LAN, CandidateKind.HOST), new Candidate(PUBLIC, CandidateKind.SRFLX))))
                .isEqualTo(PathKind.HOST);
    }

    @Test
    void givenWireGuardHoldsAnotherEndpoint_kindOf_isRoamed() {
        assertThat(kind(Optional.of("198.51.100.7:9999"), Optional.of(PUBLIC), Optional.of(PUBLIC), List.of()))
                .isEqualTo(PathKind.ROAMED);
    }

    @Test
    void givenNoEndpointHeldOrKnown_kindOf_isUnknown() {
        assertThat(kind(Optional.empty(), Optional.of(PUBLIC), Optional.of(PUBLIC), List.of()))
                .isEqualTo(PathKind.UNKNOWN);
        assertThat(kind(Optional.of(PUBLIC.toString()), Optional.empty(), Optional.empty(), List.of()))
                .isEqualTo(PathKind.UNKNOWN);
    }

    @Test
    void givenTheControlPlaneReportedANewerEndpointNotYetWritten_kindOf_isUnknown() {
        assertThat(kind(Optional.of(PUBLIC.toString()), Optional.of(PUBLIC), Optional.of(LAN), List.of()))
                .isEqualTo(PathKind.UNKNOWN);
    }
}
