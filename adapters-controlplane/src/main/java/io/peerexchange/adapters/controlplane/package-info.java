/**
 * The control-plane adapter: the HTTPS calls of the protocol (report endpoint, node state,
 * heartbeat) on Apache HttpClient 5, the server-sent event stream with its reconnect policy and
 * polling fallback, and the Ed25519 verification of signed events. JSON is decoded here, in
 * {@code WireJson} only, so every shape check and every size limit lives in one place.
 */
package io.peerexchange.adapters.controlplane;
