/**
 * Fake servers that speak the real wire formats over real sockets: a userspace WireGuard's UAPI
 * on a Unix socket, an SSE stream server that can drop and die, and a control plane whose every
 * answer the test scripts. They know the protocols, not the adapters, so a codec bug in an
 * adapter is not mirrored in its fake.
 */
package io.peerexchange.testing.fake;
