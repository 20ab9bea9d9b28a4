package io.peerexchange.adapters.controlplane.json;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peerexchange.adapters.controlplane.events.EventRejectedException;
import io.peerexchange.adapters.controlplane.events.EventVerifier;
import io.peerexchange.ports.Limits;
import io.peerexchange.ports.Peer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Fuzz targets for everything the control plane sends as JSON: SSE event envelopes with their
 * peer payloads (and the signature check over them), and the answers to {@code GET …/state},
 * the endpoint report and the heartbeat, with the peers' candidates and ICE credentials. Only {@link MalformedJsonException} (and, for signed
 * events, {@link EventRejectedException}) may come out. Inputs:
 * {@code src/test/resources/io/peerexchange/adapters/controlplane/json/WireJsonFuzzTestInputs/<method>/}.
 */
class WireJsonFuzzTest {
    private static final EventVerifier VERIFIER;

    static {
        // The decoder warns about every dropped peer; at millions of inputs a second that is noise.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(WireJson.class)).setLevel(Level.OFF);
        try {
            byte[] spki = KeyPairGenerator.getInstance("Ed25519")
                    .generateKeyPair()
                    .getPublic()
                    .getEncoded();
            VERIFIER = EventVerifier.of(
                    Base64.getEncoder().encodeToString(spki),
                    Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        } catch (java.security.GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void envelope(byte[] input) {
        String data = new String(input, StandardCharsets.UTF_8);
        EventEnvelope envelope;
        try {
            envelope = WireJson.envelope(data);
        } catch (MalformedJsonException expected) {
            assertThat(expected.getMessage()).isNotBlank().hasSizeLessThan(1024);
            return;
        }
        assertThat(envelope.eventType()).isNotEmpty();
        assertThat(envelope.eventId()).isNotEmpty();
        try {
            assertThat(envelope.canonicalBytes()).isNotEmpty();
        } catch (IllegalArgumentException unsignable) {
            // No nonce or issued_at, or no RFC 3339 time: the verifier refuses such an event before asking.
            assertThat(envelope.nonce().isEmpty()
                            || envelope.issuedAt().isEmpty()
                            || unsignable.getMessage().contains("time")
                            || unsignable.getMessage().contains("year"))
                    .as(unsignable.getMessage())
                    .isTrue();
        }
        try {
            VERIFIER.verify(envelope);
            throw new AssertionError("an event signed by nobody verified");
        } catch (EventRejectedException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            PayloadPeer named = WireJson.payloadPeer(envelope.payload());
            assertThat(named.connectivity().candidates()).hasSizeLessThanOrEqualTo(Limits.MAX_CANDIDATES);
            Peer peer = WireJson.peerPayload(envelope.payload());
            peer.presharedKey().ifPresent(psk -> assertThat(peer.toString()).doesNotContain(psk.toBase64()));
            checkConnectivity(peer);
        } catch (MalformedJsonException expected) {
            assertThat(expected.getMessage()).isNotBlank().hasSizeLessThan(1024);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void answers(byte[] input) throws IOException {
        try {
            List<Peer> peers = WireJson.nodeState(new ByteArrayInputStream(input));
            assertThat(peers).doesNotContainNull();
            peers.forEach(WireJsonFuzzTest::checkConnectivity);
        } catch (MalformedJsonException expected) {
            assertThat(expected.getMessage()).isNotBlank().hasSizeLessThan(1024);
        }
        try {
            assertThat(WireJson.endpointResponse(new ByteArrayInputStream(input))
                            .peerEndpoints())
                    .doesNotContainNull()
                    .allSatisfy(entry -> assertThat(entry.connectivity().candidates())
                            .hasSizeLessThanOrEqualTo(Limits.MAX_CANDIDATES));
        } catch (MalformedJsonException expected) {
            assertThat(expected.getMessage()).isNotBlank().hasSizeLessThan(1024);
        }
        try {
            WireJson.heartbeatResponse(new ByteArrayInputStream(input));
        } catch (MalformedJsonException expected) {
            assertThat(expected.getMessage()).isNotBlank().hasSizeLessThan(1024);
        }
    }

    /** Candidates within the limit; a peer's text (what a log line may show) never holds its ICE password. */
    private static void checkConnectivity(Peer peer) {
        assertThat(peer.connectivity().candidates()).hasSizeLessThanOrEqualTo(Limits.MAX_CANDIDATES);
        peer.connectivity()
                .ice()
                .ifPresent(ice -> assertThat(peer.toString() + ice).doesNotContain(ice.pwd()));
    }
}
