/**
 * Connectivity checks on the WireGuard port (docs/PROTOCOL.md#candidates): a long-lived transport
 * that sends checks from the port through raw sockets, matches their answers, and answers the
 * peers' checks there, authenticated, rate-limited and never larger than what it answers.
 */
package io.peerexchange.adapters.stun.checks;
