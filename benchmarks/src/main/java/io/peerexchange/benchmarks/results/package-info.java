/**
 * What every harness shares: the {@link io.peerexchange.benchmarks.results.Row} of BENCHMARKS.md,
 * where rows are stored between JVMs, order statistics and running external commands.
 */
package io.peerexchange.benchmarks.results;
