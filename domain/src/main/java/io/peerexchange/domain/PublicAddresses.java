package io.peerexchange.domain;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Whether an address can be a public endpoint: not private (RFC 1918, IPv6 ULA), not shared
 * (RFC 6598 100.64/10: a carrier's NAT in front of the gateway), not loopback or link-local.
 * Documentation ranges pass: the lab's WAN lives in them.
 */
final class PublicAddresses {
    private PublicAddresses() {}

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isAnyLocalAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return !((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64);
        }
        return (b[0] & 0xfe) != 0xfc;
    }
}
