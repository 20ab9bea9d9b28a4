/**
 * Profile summaries for rows whose target is not met: JFR execution samples counted into the
 * hottest methods, so BENCHMARKS.md can say where the time goes.
 */
package io.peerexchange.benchmarks.profile;
