/**
 * The relay's rows (6a-6e): in the relay lab of {@code testing} (both routers symmetric, coturn),
 * iperf3 and ping through the relay proxy against the same two WireGuard interfaces direct in the
 * same run, the relay's CPU per relayed Mbit/s, its allocation time and its resident memory.
 */
package io.peerexchange.benchmarks.relay;
