/**
 * HTTP plumbing of the control-plane adapter on Apache HttpClient 5: where the control plane is
 * ({@link io.peerexchange.adapters.controlplane.http.ControlPlaneSettings}), the bearer token and
 * how a fresher one is obtained after a 401, TLS and connection pools, status-to-error mapping, and
 * the ways an exchange is aborted rather than drained. The calls and the event stream both build on it;
 * it knows neither JSON nor events.
 */
package io.peerexchange.adapters.controlplane.http;
