/**
 * Benchmarks that compare peerexchange with what users would pick instead; run by
 * {@code benchmarks/run-benchmarks.sh}, never by the unit suite.
 */
package io.peerexchange.benchmarks;
