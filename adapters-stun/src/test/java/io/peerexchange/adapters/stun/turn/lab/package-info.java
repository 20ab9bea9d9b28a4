/**
 * The relay lab: two wireguard-go peers behind symmetric NATs in network namespaces, coturn with
 * long-term credentials on the lab's internet, and the relay running in one peer's namespace
 * ({@link io.peerexchange.adapters.stun.turn.lab.RelayMain}); the tunnel crosses the relay, survives a
 * coturn restart, and its throughput is measured against the same namespaces' direct path.
 */
package io.peerexchange.adapters.stun.turn.lab;
