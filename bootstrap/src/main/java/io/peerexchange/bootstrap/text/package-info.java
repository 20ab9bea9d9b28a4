/**
 * Small text encoders the agent writes by hand (JSON strings for log lines and {@code discover --json}),
 * kept in one place so every output escapes the same way.
 */
package io.peerexchange.bootstrap.text;
