/**
 * The relay's rows (7a-7e): in the relay lab of {@code testing} (both routers symmetric, coturn),
 * iperf3 and ping through the relay proxy against the same two WireGuard interfaces direct in the
 * same run, the relay's CPU per relayed Mbit/s, its allocation time and its resident memory.
 */
package io.peerexchange.benchmarks.relay;
