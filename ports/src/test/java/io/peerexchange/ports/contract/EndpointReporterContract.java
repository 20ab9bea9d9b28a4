package io.peerexchange.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointReport;
import io.peerexchange.ports.EndpointReporter;
import io.peerexchange.ports.EndpointResponse;
import io.peerexchange.ports.NatType;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.PeerEndpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link EndpointReporter} must do; extend it once per implementation. */
public abstract class EndpointReporterContract {

    protected static final NodeId NODE = new NodeId("node-1");

    protected abstract EndpointReporter reporter();

    /** The control plane will answer the next report with these peers. */
    protected abstract void givenControlPlaneAnswers(List<PeerEndpoint> peers);

    /** The control plane will answer the next report with this HTTP status. */
    protected abstract void givenControlPlaneFailsWith(int status);

    /** What the control plane received in the last report for {@link #NODE}. */
    protected abstract EndpointReport lastReportReceived();

    @Test
    void givenPeers_reportEndpoint_sendsTheReportAndReturnsThePeers() throws Exception {
        givenControlPlaneAnswers(
                List.of(PeerEndpoint.of("p-2", "198.51.100.7:40000"), PeerEndpoint.of("p-3", "[2001:db8::3]:51820")));
        EndpointReport report = new EndpointReport(Endpoint.parse("203.0.113.5:54321"), NatType.FULL_CONE);

        EndpointResponse response = reporter().reportEndpoint(NODE, report);

        assertThat(lastReportReceived()).isEqualTo(report);
        assertThat(response.peerEndpoints())
                .containsExactly(
                        PeerEndpoint.of("p-2", "198.51.100.7:40000"), PeerEndpoint.of("p-3", "[2001:db8::3]:51820"));
    }

    @Test
    void givenPeerNotDiscoveredYet_reportEndpoint_returnsItWithoutEndpoint() throws Exception {
        givenControlPlaneAnswers(List.of(PeerEndpoint.of("p-2", "")));

        EndpointResponse response = reporter()
                .reportEndpoint(NODE, new EndpointReport(Endpoint.parse("203.0.113.5:54321"), NatType.UNKNOWN));

        assertThat(response.peerEndpoints())
                .singleElement()
                .satisfies(p -> assertThat(p.endpoint()).isEmpty());
    }

    @Test
    void givenServerError_reportEndpoint_failsWithTransientServerError() {
        givenControlPlaneFailsWith(503);

        assertThatThrownBy(() -> reporter()
                        .reportEndpoint(NODE, new EndpointReport(Endpoint.parse("203.0.113.5:54321"), NatType.NONE)))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ControlPlaneException.Kind.SERVER_ERROR);
                    assertThat(e.kind().isTransient()).isTrue();
                });
    }

    @Test
    void givenUnauthorized_reportEndpoint_failsWithUnauthorized() {
        givenControlPlaneFailsWith(401);

        assertThatThrownBy(() -> reporter()
                        .reportEndpoint(NODE, new EndpointReport(Endpoint.parse("203.0.113.5:54321"), NatType.NONE)))
                .isInstanceOfSatisfying(
                        ControlPlaneException.class,
                        e -> assertThat(e.kind()).isEqualTo(ControlPlaneException.Kind.UNAUTHORIZED));
    }
}
