package io.peerexchange.adapters.controlplane;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.peerexchange.adapters.controlplane.events.SignedEvents;
import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.adapters.controlplane.http.ControlPlaneSettings;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointReport;
import io.peerexchange.ports.EndpointReporter;
import io.peerexchange.ports.NatType;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.contract.EndpointReporterContract;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The endpoint-reporter contract, run against {@link HttpControlPlane} and a WireMock control plane. */
class HttpControlPlaneContractTest extends EndpointReporterContract {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final String PATH = "/v1/nodes/" + NODE.value() + "/endpoint";
    private HttpControlPlane controlPlane;

    @BeforeEach
    void setUp() {
        controlPlane = new HttpControlPlane(
                new ControlPlaneSettings(URI.create(wm.baseUrl()), "1.0.0", true, false, Optional.empty()),
                BearerToken.of("contract-token"));
    }

    @AfterEach
    void tearDown() {
        controlPlane.close();
    }

    @Override
    protected EndpointReporter reporter() {
        return controlPlane;
    }

    @Override
    protected void givenControlPlaneAnswers(List<PeerEndpoint> peers) {
        ObjectNode body = SignedEvents.JSON.createObjectNode();
        ArrayNode array = body.putArray("peer_endpoints");
        for (PeerEndpoint peer : peers) {
            array.addObject()
                    .put("peer_id", peer.peerId().value())
                    .put("endpoint", peer.endpoint().map(Endpoint::toString).orElse(""));
        }
        wm.stubFor(put(urlEqualTo(PATH))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body.toString())));
    }

    @Override
    protected void givenControlPlaneFailsWith(int status) {
        wm.stubFor(put(urlEqualTo(PATH)).willReturn(aResponse().withStatus(status)));
    }

    @Override
    protected EndpointReport lastReportReceived() {
        List<LoggedRequest> requests = wm.findAll(putRequestedFor(urlEqualTo(PATH)));
        try {
            JsonNode body =
                    SignedEvents.JSON.readTree(requests.get(requests.size() - 1).getBodyAsString());
            return new EndpointReport(
                    Endpoint.parse(body.get("public_endpoint").asText()),
                    NatType.fromWire(body.get("nat_type").asText()));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
