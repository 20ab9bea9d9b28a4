/**
 * Network namespaces for tests, one at a time or as the NAT lab in miniature: a STUN server on an
 * "internet", a port-translating router, and a peer where wireguard-go owns the WireGuard port.
 * Names carry the suite's prefix, so suites can run side by side.
 */
package io.peerexchange.testing.netns;
