/**
 * Turns the stored rows, the agent variant table and the profiles of missed targets into
 * BENCHMARKS.md.
 */
package io.peerexchange.benchmarks.report;
