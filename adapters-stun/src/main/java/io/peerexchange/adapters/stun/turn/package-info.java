/**
 * The TURN relay (RFC 8656) for peers no direct path reaches: a client that allocates on the
 * configured servers with long-term or coturn time-limited credentials and keeps the allocation,
 * its permissions and channels fresh, and a proxy that gives WireGuard one loopback address per
 * relayed peer and moves datagrams between it and the allocation as ChannelData, on one selector
 * thread with reused direct buffers (docs/PROTOCOL.md#turn-relay).
 */
package io.peerexchange.adapters.stun.turn;
