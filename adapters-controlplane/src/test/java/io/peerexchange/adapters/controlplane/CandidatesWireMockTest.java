package io.peerexchange.adapters.controlplane;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.peerexchange.adapters.controlplane.events.SignedEvents;
import io.peerexchange.adapters.controlplane.events.SseEventStream;
import io.peerexchange.adapters.controlplane.events.StreamTesting;
import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.adapters.controlplane.http.ControlPlaneSettings;
import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointReport;
import io.peerexchange.ports.IceCredentials;
import io.peerexchange.ports.Limits;
import io.peerexchange.ports.NatType;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.testing.FakePeerLister;
import io.peerexchange.ports.testing.Peers;
import io.peerexchange.ports.testing.TestKeys;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Candidates and ICE credentials on the wire (docs/PROTOCOL.md#candidates), against WireMock. */
class CandidatesWireMockTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final NodeId NODE = NodeId.of("node-1");
    private static final IceCredentials ICE = IceCredentials.of("uFrag+1/", "pAssword0123456789abcdef");
    private static final Connectivity CONNECTIVITY = new Connectivity(
            List.of(
                    Candidate.of(CandidateKind.HOST, "192.168.1.2:51820"),
                    Candidate.of(CandidateKind.HOST, "[2001:db8:1::2]:51820"),
                    Candidate.of(CandidateKind.SRFLX, "203.0.113.10:40000")),
            Optional.of(ICE));
    private static final String CANDIDATES_JSON =
            "\"candidates\":[{\"endpoint\":\"192.168.1.2:51820\",\"kind\":\"host\"},"
                    + "{\"endpoint\":\"[2001:db8:1::2]:51820\",\"kind\":\"host\"},"
                    + "{\"endpoint\":\"203.0.113.10:40000\",\"kind\":\"srflx\"}],"
                    + "\"ice\":{\"ufrag\":\"uFrag+1/\",\"pwd\":\"pAssword0123456789abcdef\"}";

    private HttpControlPlane cp;
    private SseEventStream stream;

    @BeforeEach
    void setUp() {
        cp = new HttpControlPlane(
                new ControlPlaneSettings(URI.create(wm.baseUrl()), "1.2.3", true, false, Optional.empty()),
                BearerToken.of("tok"));
    }

    @AfterEach
    void tearDown() {
        cp.close();
        if (stream != null) {
            stream.close();
        }
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    @Test
    void givenASeedReport_reportEndpoint_sendsExactlyTheSeedBody() throws Exception {
        wm.stubFor(put(urlEqualTo("/v1/nodes/node-1/endpoint")).willReturn(json("{\"peer_endpoints\":[]}")));

        cp.reportEndpoint(NODE, new EndpointReport(Endpoint.parse("203.0.113.5:54321"), NatType.FULL_CONE));

        wm.verify(putRequestedFor(urlEqualTo("/v1/nodes/node-1/endpoint"))
                .withRequestBody(equalTo("{\"public_endpoint\":\"203.0.113.5:54321\",\"nat_type\":\"full_cone\"}")));
    }

    @Test
    void givenCandidatesAndIce_reportEndpoint_sendsThemBesideTheEndpoint() throws Exception {
        wm.stubFor(put(urlEqualTo("/v1/nodes/node-1/endpoint")).willReturn(json("{\"peer_endpoints\":[]}")));

        cp.reportEndpoint(
                NODE, new EndpointReport(Endpoint.parse("203.0.113.10:40000"), NatType.FULL_CONE, CONNECTIVITY));

        wm.verify(putRequestedFor(urlEqualTo("/v1/nodes/node-1/endpoint"))
                .withRequestBody(equalToJson("{\"public_endpoint\":\"203.0.113.10:40000\",\"nat_type\":\"full_cone\","
                        + CANDIDATES_JSON + "}")));
    }

    @Test
    void givenCandidatesInTheAnswer_reportEndpoint_returnsThemPerPeer_andAPeerWithoutThemAsBefore() throws Exception {
        wm.stubFor(put(urlEqualTo("/v1/nodes/node-1/endpoint"))
                .willReturn(json("{\"peer_endpoints\":[{\"peer_id\":\"p-2\",\"endpoint\":\"203.0.113.10:40000\","
                        + CANDIDATES_JSON + "},{\"peer_id\":\"p-3\",\"endpoint\":\"198.51.100.3:1\"}]}")));

        List<PeerEndpoint> answer = cp.reportEndpoint(
                        NODE, new EndpointReport(Endpoint.parse("203.0.113.5:1"), NatType.FULL_CONE))
                .peerEndpoints();

        assertThat(answer)
                .containsExactly(
                        new PeerEndpoint(
                                NodeId.of("p-2"), Optional.of(Endpoint.parse("203.0.113.10:40000")), CONNECTIVITY),
                        PeerEndpoint.of("p-3", "198.51.100.3:1"));
        assertThat(answer.get(1).connectivity()).isSameAs(Connectivity.NONE);
    }

    @Test
    void givenStateWithCandidates_listPeers_keepsThem_andOneBadCandidateOrIceDropsOnlyThat() throws Exception {
        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i <= Limits.MAX_CANDIDATES; i++) {
            tooMany.append(i == 0 ? "" : ",")
                    .append("{\"endpoint\":\"192.0.2.1:")
                    .append(1000 + i)
                    .append("\",\"kind\":\"host\"}");
        }
        tooMany.append(']');
        wm.stubFor(get(urlEqualTo("/v1/nodes/node-1/state"))
                .willReturn(json("{\"peers\":["
                        + peerJson(2, CANDIDATES_JSON) + ","
                        + peerJson(
                                3,
                                "\"candidates\":[{\"endpoint\":\"host.example:1\",\"kind\":\"host\"},"
                                        + "{\"endpoint\":\"192.0.2.3:1\",\"kind\":\"teleport\"},7,"
                                        + "{\"endpoint\":\"192.0.2.3:2\",\"kind\":\"srflx\"}],"
                                        + "\"ice\":{\"ufrag\":\"no\",\"pwd\":\"short\"}")
                        + ","
                        + peerJson(4, "\"candidates\":" + tooMany + ",\"ice\":\"text\"") + ","
                        + peerJson(5, "\"candidates\":{},\"ice\":{\"ufrag\":\"abcd\",\"pwd\":\"" + ICE.pwd() + "\"}")
                        + "]}")));

        List<Peer> peers = cp.listPeers(NODE);

        assertThat(peers).extracting(p -> p.id().value()).containsExactly("p-2", "p-3", "p-4", "p-5");
        assertThat(peers.get(0).connectivity()).isEqualTo(CONNECTIVITY);
        assertThat(peers.get(0).endpoint()).contains(Endpoint.parse("198.51.100.9:9"));
        assertThat(peers.get(1).connectivity())
                .isEqualTo(
                        new Connectivity(List.of(Candidate.of(CandidateKind.SRFLX, "192.0.2.3:2")), Optional.empty()));
        assertThat(peers.get(2).connectivity()).isEqualTo(Connectivity.NONE);
        assertThat(peers.get(3).connectivity())
                .isEqualTo(new Connectivity(List.of(), Optional.of(IceCredentials.of("abcd", ICE.pwd()))));
        assertThat(peers.get(3).connectivity().checkable()).isFalse();
    }

    @Test
    void givenPeerEndpointChangedWithCandidates_stream_deliversThem_keyedAndById() {
        List<Peer> keyed = new CopyOnWriteArrayList<>();
        List<PeerEndpoint> byId = new CopyOnWriteArrayList<>();
        ObjectNode withKey = SignedEvents.peerJson(Peers.peer(2, "203.0.113.10:40000"));
        withKey.setAll((ObjectNode) readTree("{" + CANDIDATES_JSON + "}"));
        ObjectNode withoutKey =
                (ObjectNode) readTree("{\"id\":\"p-3\",\"endpoint\":\"198.51.100.3:3\"," + CANDIDATES_JSON + "}");
        String body = SignedEvents.sse("1", SignedEvents.envelope("peer_endpoint_changed", "1", withKey))
                + SignedEvents.sse("2", SignedEvents.envelope("peer_endpoint_changed", "2", withoutKey));
        wm.stubFor(get(urlEqualTo("/v1/nodes/node-1/events"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(body)));
        stream = new SseEventStream(
                StreamTesting.http(wm.baseUrl()),
                BearerToken.of("tok"),
                NODE,
                new FakePeerLister(),
                Optional.empty(),
                StreamTesting.fast());
        stream.onPeerEndpointChanged(keyed::add);
        stream.onPeerEndpointChangedById(byId::add);
        stream.start();

        await().atMost(5, TimeUnit.SECONDS).until(() -> !keyed.isEmpty() && !byId.isEmpty());
        assertThat(keyed.get(0).connectivity()).isEqualTo(CONNECTIVITY);
        assertThat(byId.get(0))
                .isEqualTo(new PeerEndpoint(
                        NodeId.of("p-3"), Optional.of(Endpoint.parse("198.51.100.3:3")), CONNECTIVITY));
    }

    private static String peerJson(int n, String extra) {
        return "{\"id\":\"p-" + n + "\",\"public_key\":\"" + TestKeys.key(n).toBase64()
                + "\",\"endpoint\":\"198.51.100.9:9\"," + extra + "}";
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String text) {
        try {
            return SignedEvents.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
