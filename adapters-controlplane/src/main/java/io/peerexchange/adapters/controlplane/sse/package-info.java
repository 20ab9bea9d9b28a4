/**
 * A pure, streaming parser for {@code text/event-stream} following the WHATWG HTML rules for
 * server-sent events. It knows no sockets, no threads and no clocks: bytes go in through
 * {@link io.peerexchange.adapters.controlplane.sse.SseParser#feed}, events come out through a
 * {@link io.peerexchange.adapters.controlplane.sse.SseListener}, so every rule is testable on its own.
 */
package io.peerexchange.adapters.controlplane.sse;
