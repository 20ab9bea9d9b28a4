/**
 * The port-mapping adapter: finds the default gateway and asks it, with PCP, NAT-PMP or UPnP IGD,
 * to map the WireGuard port endpoint-independently ({@link io.peerexchange.adapters.portmap.GatewayPortMapper}
 * is its one entry point); one class per protocol over the pure codecs below.
 */
package io.peerexchange.adapters.portmap;
