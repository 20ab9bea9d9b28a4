/**
 * SSE rows: parser throughput on a synthetic stream against LaunchDarkly's okhttp-eventsource
 * parsing the same bytes (JMH), and write-to-handler latency over loopback against the same
 * library (a plain harness, one event in flight).
 */
package io.peerexchange.benchmarks.sse;
