/**
 * A path for every NAT pair: per peer a checklist of candidate pairs, connectivity checks paced and
 * retransmitted from the WireGuard port, roles and nomination as in ICE (RFC 8445), consent on the
 * chosen pair (RFC 7675) and the switch to another pair when it stops answering; the chosen remote
 * endpoint is what WireGuard gets for that peer. Pure state driven by an injected clock; the checks
 * travel through the {@link io.peerexchange.ports.CheckTransport} port
 * (docs/PROTOCOL.md#candidates).
 */
package io.peerexchange.domain.paths;
