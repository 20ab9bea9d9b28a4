/**
 * A reference control plane for development and the NAT lab: the control-plane protocol (docs/PROTOCOL.md#http-calls) for a set of nodes
 * held in memory, on the JDK's HTTP server. Each node reports its public endpoint, learns the
 * others', and receives events over SSE, optionally Ed25519-signed over the bytes a Go control plane
 * signs. An unauthenticated admin API (docs/PROTOCOL.md#reference-control-plane) shows what every
 * node reported and drives what plexd-style agents must follow: signing-key rotation, peers joining,
 * leaving and changing keys, reconcile triggers and armed heartbeat answers.
 * It is a test fixture, not a production server: no TLS, no persistence.
 */
package io.peerexchange.devtools.controlplane;
