/**
 * Timed harnesses, never part of the unit suite: SSE parser throughput on a synthetic 100+ MB
 * stream and write-to-handler latency of the event stream over loopback. Run with
 * {@code mvn -pl adapters-controlplane test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.peerexchange.adapters.controlplane.bench.SseBench}.
 */
package io.peerexchange.adapters.controlplane.bench;
