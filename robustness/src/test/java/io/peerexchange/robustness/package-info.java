/**
 * Agent-level robustness: the packaged agent runs as a process against a scriptable control plane,
 * a real coturn and a real wireguard-go interface, while the tests break each of them in turn,
 * feed it hostile answers and events, and measure what the process does about it.
 */
package io.peerexchange.robustness;
