/**
 * The control plane's events: the server-sent event stream
 * ({@link io.peerexchange.adapters.controlplane.events.SseEventStream}, the adapter behind
 * {@code EventSubscriptions}) split into its lifecycle and reconnect policy, one connection attempt,
 * the polling fallback and the stream health they share under one lock; the Ed25519 check of
 * signed events; and the dispatch of decoded events to the handlers.
 */
package io.peerexchange.adapters.controlplane.events;
