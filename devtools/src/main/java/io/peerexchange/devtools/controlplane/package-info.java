/**
 * A reference control plane for development and the NAT lab: the control-plane protocol (docs/PROTOCOL.md#http-calls) for a fixed set of nodes
 * held in memory, on the JDK's HTTP server. Each node reports its public endpoint, learns the
 * others', and receives {@code peer_endpoint_changed} events over SSE (optionally Ed25519-signed);
 * an unauthenticated admin listing shows what every node reported so scripts can assert on it.
 * It is a test fixture, not a production server: no TLS, no persistence.
 */
package io.peerexchange.devtools.controlplane;
