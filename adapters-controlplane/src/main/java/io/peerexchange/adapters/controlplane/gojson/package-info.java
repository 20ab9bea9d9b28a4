/**
 * The bytes a Go control plane writes, reproduced exactly: {@code encoding/json}'s compaction and
 * escaping, {@code time.Time}'s JSON form and {@code time.Duration}'s string form. Event signatures
 * are checked over these bytes and the heartbeat's uptime is written in this form (docs/PROTOCOL.md#signing,
 * docs/PROTOCOL.md#heartbeat). Pure functions of their input: no sockets, threads or clocks.
 */
package io.peerexchange.adapters.controlplane.gojson;
