package io.peerexchange.adapters.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerexchange.adapters.controlplane.sse.SseEvent;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.telemetry.AgentMetrics;
import io.peerexchange.ports.telemetry.RejectReason;
import io.peerexchange.ports.testing.Peers;
import io.peerexchange.testing.time.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Every event the dispatcher refuses is counted once, by its reason; applied and unknown ones are not. */
class EventDispatcherTest {
    private static final Instant NOW = Instant.parse("2030-05-01T12:00:00Z");
    private static final String TYPE = EventTypes.PEER_ENDPOINT_CHANGED;

    private final SignedEvents signer = new SignedEvents();
    private final MutableClock clock = new MutableClock(NOW);
    private final List<RejectReason> rejected = new CopyOnWriteArrayList<>();
    private final List<Peer> applied = new CopyOnWriteArrayList<>();
    private final AgentMetrics metrics = new AgentMetrics() {
        @Override
        public void eventRejected(RejectReason reason) {
            rejected.add(reason);
        }
    };

    private EventDispatcher dispatcher(Optional<EventVerifier> verifier) {
        EventDispatcher dispatcher = new EventDispatcher(verifier, metrics);
        dispatcher.onPeerEndpointChanged(applied::add);
        return dispatcher;
    }

    private EventDispatcher signedDispatcher() {
        return dispatcher(Optional.of(EventVerifier.of(signer.rawPublicKeyBase64(), clock)));
    }

    private static ObjectNode payload() {
        return SignedEvents.peerJson(Peers.peer(2, "198.51.100.7:40000"));
    }

    private static SseEvent sse(String data) {
        return new SseEvent("message", data, "1");
    }

    @Test
    void givenDataThatIsNoEnvelope_dispatch_countsMalformed() {
        EventDispatcher dispatcher = dispatcher(Optional.empty());

        dispatcher.dispatch(sse("{not json"));
        dispatcher.dispatch(sse("[1,2]"));
        dispatcher.dispatch(sse("{\"event_type\":"));

        assertThat(rejected).containsExactly(RejectReason.MALFORMED, RejectReason.MALFORMED, RejectReason.MALFORMED);
        assertThat(applied).isEmpty();
    }

    @Test
    void givenAPayloadItsTypeDoesNotAllow_dispatch_countsMalformed() {
        ObjectNode payload = SignedEvents.JSON.createObjectNode().put("endpoint", "198.51.100.7:40000");

        dispatcher(Optional.empty()).dispatch(sse(SignedEvents.envelope(TYPE, "e-1", payload)));

        assertThat(rejected).containsExactly(RejectReason.MALFORMED);
    }

    @Test
    void givenAnUnsignedEventWhereSignaturesAreRequired_dispatch_countsMissingField() {
        signedDispatcher().dispatch(sse(SignedEvents.envelope(TYPE, "e-1", payload())));

        assertThat(rejected).containsExactly(RejectReason.MISSING_FIELD);
        assertThat(applied).isEmpty();
    }

    @Test
    void givenATamperedEvent_dispatch_countsSignature() {
        String tampered = signer.signed(TYPE, "e-1", payload(), NOW, "n-1").replace("198.51.100.7", "198.51.100.9");

        signedDispatcher().dispatch(sse(tampered));

        assertThat(rejected).containsExactly(RejectReason.SIGNATURE);
    }

    @Test
    void givenAnEventIssuedOutsideTheAgeWindow_dispatch_countsStale() {
        EventDispatcher dispatcher = signedDispatcher();

        dispatcher.dispatch(sse(signer.signed(
                TYPE, "e-1", payload(), NOW.minus(EventVerifier.MAX_AGE).minusSeconds(1), "n-1")));
        dispatcher.dispatch(sse(signer.signed(
                TYPE, "e-2", payload(), NOW.plus(EventVerifier.MAX_AGE).plusSeconds(1), "n-2")));

        assertThat(rejected).containsExactly(RejectReason.STALE, RejectReason.STALE);
    }

    @Test
    void givenTheSameEventTwice_dispatch_appliesItOnceAndCountsReplay() {
        EventDispatcher dispatcher = signedDispatcher();
        String event = signer.signed(TYPE, "e-1", payload(), NOW, "n-1");

        dispatcher.dispatch(sse(event));
        dispatcher.dispatch(sse(event));

        assertThat(applied).hasSize(1);
        assertThat(rejected).containsExactly(RejectReason.REPLAY);
    }

    @Test
    void givenAFullReplayWindow_dispatch_countsReplayWindowFull() {
        EventDispatcher dispatcher =
                dispatcher(Optional.of(EventVerifier.withNonceCap(signer.rawPublicKeyBase64(), clock, 1)));

        dispatcher.dispatch(sse(signer.signed(TYPE, "e-1", payload(), NOW, "n-1")));
        dispatcher.dispatch(sse(signer.signed(TYPE, "e-2", payload(), NOW, "n-2")));

        assertThat(applied).hasSize(1);
        assertThat(rejected).containsExactly(RejectReason.REPLAY_WINDOW_FULL);
    }

    @Test
    void givenGoodAndUnknownEvents_dispatch_countsNoRejection() {
        EventDispatcher dispatcher = signedDispatcher();
        dispatcher.onPeerEndpointChanged(peer -> {
            throw new IllegalStateException("the core's handler fails");
        });

        dispatcher.dispatch(sse(signer.signed(TYPE, "e-1", payload(), NOW, "n-1")));
        dispatcher.dispatch(sse(signer.signed("peer_renamed", "e-2", payload(), NOW, "n-2")));

        assertThat(applied).hasSize(1);
        assertThat(rejected)
                .as("a handler's failure is counted by whoever registered it")
                .isEmpty();
    }

    @Test
    void rejectReasons_labelsAreTheFixedLowerCaseWords() {
        assertThat(List.of(RejectReason.values()).stream().map(RejectReason::label))
                .containsExactly(
                        "malformed",
                        "missing_field",
                        "signature",
                        "stale",
                        "replay",
                        "replay_window_full",
                        "handler_error");
    }
}
