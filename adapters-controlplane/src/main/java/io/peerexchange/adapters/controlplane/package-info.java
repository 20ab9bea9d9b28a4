/**
 * The control-plane adapter. Its entry points, the types the composition root wires:
 * {@link io.peerexchange.adapters.controlplane.HttpControlPlane} (here: the HTTPS calls of the
 * protocol, report endpoint, node state, heartbeat),
 * {@link io.peerexchange.adapters.controlplane.events.SseEventStream} with
 * {@link io.peerexchange.adapters.controlplane.events.EventVerifier} (the event stream and signed
 * events), and {@link io.peerexchange.adapters.controlplane.http.ControlPlaneSettings},
 * {@link io.peerexchange.adapters.controlplane.http.BearerToken} and
 * {@link io.peerexchange.adapters.controlplane.http.TokenRefresh} (where the control plane is and
 * how to authenticate). Sub-packages: {@code http} (HttpClient plumbing), {@code json} (the wire
 * format), {@code events} (the stream and its events), {@code sse} (the pure SSE parser); none of
 * them depends on this package.
 */
package io.peerexchange.adapters.controlplane;
