/**
 * The STUN wire format (RFC 8489) as pure functions over byte arrays: Binding requests and
 * responses are built and parsed here without sockets, so the codec can be checked against the
 * RFC 5769 vectors and fuzzed on its own; every malformed input ends in a
 * {@link io.peerexchange.adapters.stun.codec.StunDecodeException} and nothing else.
 */
package io.peerexchange.adapters.stun.codec;
