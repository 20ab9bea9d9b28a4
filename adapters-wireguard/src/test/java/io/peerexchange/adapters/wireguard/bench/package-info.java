/**
 * Timed harnesses run by hand (root), never in the unit suite: how long the adapter takes to apply or
 * skip 10,000 peers on a real wireguard-go, against wg(8) per peer and in one invocation.
 */
package io.peerexchange.adapters.wireguard.bench;
