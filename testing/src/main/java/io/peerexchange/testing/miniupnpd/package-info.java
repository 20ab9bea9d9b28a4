/**
 * Debian's miniupnpd as a test's gateway: PCP, NAT-PMP and UPnP IGD on a router namespace's LAN,
 * from a lab-only copy of the binary that accepts the labs' documentation-range WAN addresses
 * (docs/ARCHITECTURE.md#port-mapping-lab), with its own config, pid and lease files.
 */
package io.peerexchange.testing.miniupnpd;
