/**
 * Process-level rows of the real agent jar against the in-process reference control plane:
 * event to WireGuard latency (against a curl/jq/wg shell pipeline) and the agent's start time and
 * resident memory under the launcher's JVM flags and each JVM means on its own.
 */
package io.peerexchange.benchmarks.agent;
