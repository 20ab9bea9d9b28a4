/**
 * The opt-in Prometheus endpoint: the counters the wiring's decorators bump (through the {@code
 * AgentMetrics} port), the text exposition format, and a one-thread JDK HTTP server on a loopback
 * address unless remote scraping is allowed (docs/PROTOCOL.md#metrics).
 */
package io.peerexchange.bootstrap.metrics;
