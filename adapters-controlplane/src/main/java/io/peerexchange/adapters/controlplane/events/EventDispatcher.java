package io.peerexchange.adapters.controlplane.events;

import io.peerexchange.adapters.controlplane.json.EventEnvelope;
import io.peerexchange.adapters.controlplane.json.MalformedJsonException;
import io.peerexchange.adapters.controlplane.json.WireJson;
import io.peerexchange.adapters.controlplane.sse.SseEvent;
import io.peerexchange.ports.EventHandler;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * From SSE event to typed handlers: envelope decoding, signature check, then every handler of the
 * type in registration order. A malformed or rejected event is logged and skipped; a failing
 * handler is logged and the next one still runs.
 */
final class EventDispatcher {
    static final String PEER_ENDPOINT_CHANGED = "peer_endpoint_changed";
    private static final ComponentLogger LOG = ComponentLogger.of(EventDispatcher.class, Component.CONTROLPLANE);

    private final List<EventHandler<Peer>> peerHandlers = new CopyOnWriteArrayList<>();
    private final List<EventHandler<List<Peer>>> snapshotHandlers = new CopyOnWriteArrayList<>();
    private final Optional<EventVerifier> verifier;

    EventDispatcher(Optional<EventVerifier> verifier) {
        this.verifier = verifier;
    }

    void onPeerEndpointChanged(EventHandler<Peer> handler) {
        peerHandlers.add(java.util.Objects.requireNonNull(handler, "handler"));
    }

    void onPeerSnapshot(EventHandler<List<Peer>> handler) {
        snapshotHandlers.add(java.util.Objects.requireNonNull(handler, "handler"));
    }

    void dispatch(SseEvent event) {
        EventEnvelope envelope;
        try {
            envelope = WireJson.envelope(event.data());
        } catch (MalformedJsonException e) {
            LOG.atWarn()
                    .addKeyValue("sse_id", event.lastEventId())
                    .addKeyValue("error", e.getMessage())
                    .log("skipping malformed event");
            return;
        }
        if (verifier.isPresent()) {
            try {
                verifier.get().verify(envelope);
            } catch (EventRejectedException e) {
                LOG.atWarn()
                        .addKeyValue("event_id", envelope.eventId())
                        .addKeyValue("event_type", envelope.eventType())
                        .addKeyValue("error", e.getMessage())
                        .log("rejecting event that failed signature checks");
                return;
            }
        }
        if (!envelope.eventType().equals(PEER_ENDPOINT_CHANGED)) {
            LOG.atDebug()
                    .addKeyValue("event_id", envelope.eventId())
                    .addKeyValue("event_type", envelope.eventType())
                    .log("dropping event of unknown type");
            return;
        }
        Peer peer;
        try {
            peer = WireJson.peerPayload(envelope.payload());
        } catch (MalformedJsonException e) {
            LOG.atWarn()
                    .addKeyValue("event_id", envelope.eventId())
                    .addKeyValue("event_type", envelope.eventType())
                    .addKeyValue("error", e.getMessage())
                    .log("skipping event with invalid peer payload");
            return;
        }
        LOG.atDebug()
                .addKeyValue("event_id", envelope.eventId())
                .addKeyValue("peer_id", peer.id().value())
                .log("peer endpoint changed");
        runAll(peerHandlers, peer, envelope.eventType());
    }

    void deliverSnapshot(List<Peer> peers) {
        runAll(snapshotHandlers, peers, "peer_snapshot");
    }

    private static <T> void runAll(List<EventHandler<T>> handlers, T value, String type) {
        int index = 0;
        for (EventHandler<T> handler : handlers) {
            try {
                handler.handle(value);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.atWarn()
                        .addKeyValue("event_type", type)
                        .addKeyValue("handler", index)
                        .addKeyValue("error", e.toString())
                        .log("event handler failed; the others still run");
            }
            index++;
        }
    }
}
