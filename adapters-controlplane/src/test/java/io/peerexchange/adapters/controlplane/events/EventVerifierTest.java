package io.peerexchange.adapters.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerexchange.adapters.controlplane.json.EventEnvelope;
import io.peerexchange.adapters.controlplane.json.MalformedJsonException;
import io.peerexchange.adapters.controlplane.json.SigningKeys;
import io.peerexchange.adapters.controlplane.json.WireJson;
import io.peerexchange.ports.testing.Peers;
import io.peerexchange.testing.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventVerifierTest {

    private static final Instant NOW = Instant.parse("2030-05-01T12:00:00Z");
    private final SignedEvents signer = new SignedEvents();
    private final MutableClock clock = new MutableClock(NOW);
    private final EventVerifier verifier = EventVerifier.of(signer.rawPublicKeyBase64(), clock);

    private static ObjectNode payload() {
        return SignedEvents.peerJson(Peers.peer(2, "198.51.100.7:40000"));
    }

    private static EventEnvelope parse(String json) throws MalformedJsonException {
        return WireJson.envelope(json);
    }

    private EventEnvelope signed(Instant issuedAt, String nonce) throws MalformedJsonException {
        return parse(signer.signed("peer_endpoint_changed", "e-1", payload(), issuedAt, nonce));
    }

    @Test
    void givenValidSignature_verify_accepts() throws Exception {
        assertThatCode(() -> verifier.verify(signed(NOW.minusSeconds(10), "n-1")))
                .doesNotThrowAnyException();
    }

    @Test
    void givenSpkiAndPemKeys_parse_acceptsThemToo() throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + signer.spkiPublicKeyBase64() + "\n-----END PUBLIC KEY-----\n";

        for (String key : new String[] {signer.spkiPublicKeyBase64(), pem}) {
            EventVerifier other = EventVerifier.of(key, clock);
            assertThatCode(() -> other.verify(signed(NOW, "n-" + key.length()))).doesNotThrowAnyException();
        }
    }

    @Test
    void givenNonceLongerThanTheCap_verify_rejectsNamingTheCap() {
        assertThatCode(() -> verifier.verify(signed(NOW, "n".repeat(EventVerifier.MAX_NONCE_LENGTH))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verify(signed(NOW, "m".repeat(EventVerifier.MAX_NONCE_LENGTH + 1))))
                .isInstanceOf(EventRejectedException.class)
                .hasMessage("event nonce is longer than " + EventVerifier.MAX_NONCE_LENGTH + " characters");
    }

    @Test
    void givenBadKeyText_parse_failsWithoutEchoingIt() {
        for (String key : new String[] {"", "%%%secret%%%", Base64.getEncoder().encodeToString(new byte[31])}) {
            assertThatThrownBy(() -> EventVerifier.parsePublicKey(key))
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        }
    }

    @Test
    void givenTamperedPayload_verify_rejects() throws Exception {
        String json = signer.signed("peer_endpoint_changed", "e-1", payload(), NOW, "n-1")
                .replace("198.51.100.7:40000", "198.51.100.9:40000");

        assertThatThrownBy(() -> verifier.verify(parse(json)))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void givenSignatureByOtherKey_verify_rejects() {
        SignedEvents stranger = new SignedEvents();

        assertThatThrownBy(() ->
                        verifier.verify(parse(stranger.signed("peer_endpoint_changed", "e", payload(), NOW, "n"))))
                .isInstanceOf(EventRejectedException.class);
    }

    @Test
    void givenMissingSignatureNonceOrTimestamp_verify_rejectsNamingIt() throws Exception {
        String full = signer.signed("peer_endpoint_changed", "e-1", payload(), NOW, "n-1");
        ObjectNode node = (ObjectNode) SignedEvents.JSON.readTree(full);

        for (String field : new String[] {"signature", "nonce", "issued_at"}) {
            ObjectNode without = node.deepCopy();
            without.remove(field);
            assertThatThrownBy(() -> verifier.verify(parse(without.toString())))
                    .isInstanceOf(EventRejectedException.class)
                    .hasMessageContaining(field.equals("issued_at") ? "issued_at" : field);
        }
    }

    @Test
    void givenEventOlderThanFiveMinutes_verify_rejectsAsStale() {
        assertThatThrownBy(() ->
                        verifier.verify(signed(NOW.minus(Duration.ofMinutes(5)).minusSeconds(1), "n-1")))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageContaining("stale");
    }

    @Test
    void givenEventFromFarFuture_verify_rejects() {
        assertThatThrownBy(() -> verifier.verify(signed(NOW.plus(Duration.ofMinutes(6)), "n-1")))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageContaining("future");
    }

    @Test
    void givenNonceSeenWithinWindow_verify_rejectsReplay() throws Exception {
        EventEnvelope event = signed(NOW, "n-1");
        verifier.verify(event);

        clock.advance(Duration.ofMinutes(4));

        assertThatThrownBy(() -> verifier.verify(event))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageContaining("replay");
    }

    @Test
    void givenReplayAfterWindow_verify_rejectsAsStaleNotForgotten() throws Exception {
        EventEnvelope event = signed(NOW, "n-1");
        verifier.verify(event);

        clock.advance(Duration.ofMinutes(6));

        assertThatThrownBy(() -> verifier.verify(event)).isInstanceOf(EventRejectedException.class);
    }

    @Test
    void givenSameNonceInNewEventAfterWindow_verify_acceptsIt() throws Exception {
        verifier.verify(signed(NOW, "n-1"));
        clock.advance(Duration.ofMinutes(6));

        assertThatCode(() -> verifier.verify(signed(clock.instant(), "n-1"))).doesNotThrowAnyException();
    }

    @Test
    void givenRejectedSignature_verify_doesNotBurnTheNonce() throws Exception {
        String json = signer.signed("peer_endpoint_changed", "e-1", payload(), NOW, "n-1");
        String forged = json.replace("\"e-1\"", "\"e-2\"");
        assertThatThrownBy(() -> verifier.verify(parse(forged))).isInstanceOf(EventRejectedException.class);

        assertThatCode(() -> verifier.verify(parse(json))).doesNotThrowAnyException();
    }

    @Test
    void givenPreviousKeyBeforeDeadline_verify_acceptsIt() {
        SignedEvents next = new SignedEvents();
        EventVerifier rotating = EventVerifier.withPreviousKey(
                next.rawPublicKeyBase64(), signer.rawPublicKeyBase64(), NOW.plus(Duration.ofHours(1)), clock);

        assertThatCode(() -> rotating.verify(signed(NOW, "old-key"))).doesNotThrowAnyException();
        assertThatCode(() ->
                        rotating.verify(parse(next.signed("peer_endpoint_changed", "e", payload(), NOW, "new-key"))))
                .doesNotThrowAnyException();
    }

    @Test
    void givenPreviousKeyAfterDeadline_verify_rejectsIt() {
        SignedEvents next = new SignedEvents();
        EventVerifier rotating = EventVerifier.withPreviousKey(
                next.rawPublicKeyBase64(), signer.rawPublicKeyBase64(), NOW.minusSeconds(1), clock);

        assertThatThrownBy(() -> rotating.verify(signed(NOW, "old-key")))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void givenGarbageSignature_verify_rejectsCleanly() throws Exception {
        ObjectNode node = (ObjectNode) SignedEvents.JSON.readTree(signer.signed("t", "e", payload(), NOW, "n"));
        for (String bad : new String[] {"@@@", Base64.getEncoder().encodeToString(new byte[10])}) {
            node.put("signature", bad);
            assertThatThrownBy(() -> verifier.verify(parse(node.toString())))
                    .isInstanceOf(EventRejectedException.class);
        }
    }

    @Test
    void givenTrustedRotation_verify_acceptsTheNewKeyAndThePreviousUntilTheDeadlineOnly() throws Exception {
        SignedEvents next = new SignedEvents();
        verifier.trust(new SigningKeys(
                next.rawPublicKeyBase64(), Optional.of(signer.rawPublicKeyBase64()), Optional.of(NOW.plusSeconds(30))));

        assertThatCode(() -> verifier.verify(parse(next.signed("peer_endpoint_changed", "e", payload(), NOW, "n-new"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(signed(NOW, "n-old-before"))).doesNotThrowAnyException();
        clock.set(NOW.plusSeconds(31));
        assertThatThrownBy(() -> verifier.verify(signed(NOW.plusSeconds(31), "n-old-after")))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void givenRotationWithoutPrevious_verify_rejectsTheOldKeyAtOnce() {
        SignedEvents next = new SignedEvents();
        verifier.trust(new SigningKeys(next.rawPublicKeyBase64(), Optional.empty(), Optional.empty()));

        assertThatThrownBy(() -> verifier.verify(signed(NOW, "n-old"))).isInstanceOf(EventRejectedException.class);
    }

    @Test
    void givenInvalidKeyInRotation_trust_failsAndKeepsTheKeys() throws Exception {
        assertThatThrownBy(() -> verifier.trust(new SigningKeys("not-a-key", Optional.empty(), Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("not-a-key");

        assertThatCode(() -> verifier.verify(signed(NOW, "n-still"))).doesNotThrowAnyException();
    }
}
