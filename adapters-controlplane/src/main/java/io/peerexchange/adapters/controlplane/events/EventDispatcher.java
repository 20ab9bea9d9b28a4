package io.peerexchange.adapters.controlplane.events;

import io.peerexchange.adapters.controlplane.json.EventEnvelope;
import io.peerexchange.adapters.controlplane.json.MalformedJsonException;
import io.peerexchange.adapters.controlplane.json.PayloadPeer;
import io.peerexchange.adapters.controlplane.json.SigningKeys;
import io.peerexchange.adapters.controlplane.json.WireJson;
import io.peerexchange.adapters.controlplane.sse.SseEvent;
import io.peerexchange.ports.EventHandler;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerEndpoint;
import io.peerexchange.ports.ReconcileReason;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import io.peerexchange.ports.telemetry.AgentMetrics;
import io.peerexchange.ports.telemetry.RejectReason;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * From SSE event to typed handlers: envelope decoding, signature check, then every handler of the
 * type in registration order. A malformed or rejected event is logged and skipped; a failing
 * handler is logged and the next one still runs. A {@code signing_key_rotated} event, once it has
 * verified under a trusted key, replaces the verifier's keys. Refused events are counted here, by
 * {@link RejectReason}; a handler's failure is its caller's to count (the handler knows the event type).
 * An event of an unknown type is dropped, not refused: newer control planes may send it.
 */
final class EventDispatcher {
    private static final ComponentLogger LOG = ComponentLogger.of(EventDispatcher.class, Component.CONTROLPLANE);

    private final List<EventHandler<Peer>> endpointHandlers = new CopyOnWriteArrayList<>();
    private final List<EventHandler<PeerEndpoint>> endpointByIdHandlers = new CopyOnWriteArrayList<>();
    private final List<EventHandler<Peer>> addedHandlers = new CopyOnWriteArrayList<>();
    private final List<EventHandler<NodeId>> removedHandlers = new CopyOnWriteArrayList<>();
    private final List<EventHandler<Peer>> keyRotatedHandlers = new CopyOnWriteArrayList<>();
    private final List<EventHandler<List<Peer>>> snapshotHandlers = new CopyOnWriteArrayList<>();
    private final List<EventHandler<ReconcileReason>> reconcileHandlers = new CopyOnWriteArrayList<>();
    private final Optional<EventVerifier> verifier;
    private final AgentMetrics metrics;

    EventDispatcher(Optional<EventVerifier> verifier, AgentMetrics metrics) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    void onPeerEndpointChanged(EventHandler<Peer> handler) {
        endpointHandlers.add(Objects.requireNonNull(handler, "handler"));
    }

    void onPeerEndpointChangedById(EventHandler<PeerEndpoint> handler) {
        endpointByIdHandlers.add(Objects.requireNonNull(handler, "handler"));
    }

    void onPeerAdded(EventHandler<Peer> handler) {
        addedHandlers.add(Objects.requireNonNull(handler, "handler"));
    }

    void onPeerRemoved(EventHandler<NodeId> handler) {
        removedHandlers.add(Objects.requireNonNull(handler, "handler"));
    }

    void onPeerKeyRotated(EventHandler<Peer> handler) {
        keyRotatedHandlers.add(Objects.requireNonNull(handler, "handler"));
    }

    void onPeerSnapshot(EventHandler<List<Peer>> handler) {
        snapshotHandlers.add(Objects.requireNonNull(handler, "handler"));
    }

    void onReconcileRequested(EventHandler<ReconcileReason> handler) {
        reconcileHandlers.add(Objects.requireNonNull(handler, "handler"));
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
            metrics.eventRejected(RejectReason.MALFORMED);
            return;
        }
        if (verifier.isPresent()) {
            try {
                verifier.get().verify(envelope);
            } catch (EventRejectedException e) {
                LOG.atWarn()
                        .addKeyValue("event_id", envelope.eventId())
                        .addKeyValue("event_type", envelope.eventType())
                        .addKeyValue("reason", e.reason().label())
                        .addKeyValue("error", e.getMessage())
                        .log("rejecting event that failed signature checks");
                metrics.eventRejected(e.reason());
                return;
            }
        }
        try {
            switch (envelope.eventType()) {
                case EventTypes.PEER_ENDPOINT_CHANGED -> endpointChanged(envelope);
                case EventTypes.PEER_ADDED -> runAll(addedHandlers, keyed(envelope), envelope.eventType());
                case EventTypes.PEER_KEY_ROTATED -> runAll(keyRotatedHandlers, keyed(envelope), envelope.eventType());
                case EventTypes.PEER_REMOVED ->
                    runAll(
                            removedHandlers,
                            WireJson.payloadPeer(envelope.payload()).id(),
                            envelope.eventType());
                case EventTypes.NODE_STATE_UPDATED -> requestReconcile(ReconcileReason.NODE_STATE_UPDATED);
                case EventTypes.SIGNING_KEY_ROTATED -> signingKeyRotated(envelope);
                default ->
                    LOG.atDebug()
                            .addKeyValue("event_id", envelope.eventId())
                            .addKeyValue("event_type", envelope.eventType())
                            .log("dropping event of unknown type");
            }
        } catch (MalformedJsonException e) {
            LOG.atWarn()
                    .addKeyValue("event_id", envelope.eventId())
                    .addKeyValue("event_type", envelope.eventType())
                    .addKeyValue("error", e.getMessage())
                    .log("skipping event with invalid peer payload");
            metrics.eventRejected(RejectReason.MALFORMED);
        }
    }

    /** The event source asks for a reconcile (the stream came back, or {@code node_state_updated}). */
    void requestReconcile(ReconcileReason reason) {
        runAll(reconcileHandlers, reason, "reconcile");
    }

    void deliverSnapshot(List<Peer> peers) {
        runAll(snapshotHandlers, peers, "peer_snapshot");
    }

    private void endpointChanged(EventEnvelope envelope) throws MalformedJsonException {
        PayloadPeer named = WireJson.payloadPeer(envelope.payload());
        LOG.atDebug()
                .addKeyValue("event_id", envelope.eventId())
                .addKeyValue("peer_id", named.id().value())
                .log("peer endpoint changed");
        if (named.peer().isPresent()) {
            runAll(endpointHandlers, named.peer().get(), envelope.eventType());
        } else {
            runAll(
                    endpointByIdHandlers,
                    new PeerEndpoint(named.id(), named.endpoint(), named.connectivity()),
                    envelope.eventType());
        }
    }

    private static Peer keyed(EventEnvelope envelope) throws MalformedJsonException {
        return WireJson.peerPayload(envelope.payload());
    }

    private void signingKeyRotated(EventEnvelope envelope) throws MalformedJsonException {
        if (verifier.isEmpty()) {
            LOG.atDebug()
                    .addKeyValue("event_id", envelope.eventId())
                    .log("signing key rotation ignored: events are not signed (no signing key configured)");
            return;
        }
        SigningKeys keys = WireJson.signingKeys(envelope.payload());
        try {
            verifier.get().trust(keys);
        } catch (IllegalArgumentException e) {
            throw new MalformedJsonException("signing_key_rotated: " + e.getMessage());
        }
        LOG.atInfo()
                .addKeyValue("event_id", envelope.eventId())
                .addKeyValue(
                        "previous_accepted_until",
                        keys.transitionExpires().map(Object::toString).orElse(""))
                .log("event signing key rotated");
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
