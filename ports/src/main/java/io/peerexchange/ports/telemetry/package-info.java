/**
 * The agent's telemetry port: the counters the core and the adapters bump where things happen,
 * whatever exposes them (the bootstrap's Prometheus endpoint) or none.
 */
package io.peerexchange.ports.telemetry;
