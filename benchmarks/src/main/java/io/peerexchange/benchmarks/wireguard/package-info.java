/**
 * WireGuard rows: 10,000 peer endpoints applied to a real wireguard-go in a {@code pxb-}
 * namespace by the adapter, by wg(8) once per peer and by one wg(8) with every peer.
 */
package io.peerexchange.benchmarks.wireguard;
