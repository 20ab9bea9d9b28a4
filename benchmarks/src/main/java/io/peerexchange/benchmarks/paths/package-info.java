/**
 * Rows of the lab matrix: time to tunnel and time to recovery of two real agents in the NAT lab,
 * with connectivity checks against the same agents with {@code connectivity_checks: false}.
 */
package io.peerexchange.benchmarks.paths;
