/**
 * When to use the relay (docs/ARCHITECTURE.md#relay-policy): only for a peer no direct pair
 * reached within the check timeout, never while a verified direct pair exists, and released once
 * a direct pair has carried the peer's traffic for a while; {@code always} and {@code off} for
 * tests and for networks where direct paths are forbidden or relays are not wanted.
 */
package io.peerexchange.domain.relay;
