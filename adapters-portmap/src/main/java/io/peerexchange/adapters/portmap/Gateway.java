package io.peerexchange.adapters.portmap;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The gateway of the default route, with the local address the route leaves from and that
 * address's prefix length (the LAN an SSDP answer must come from).
 */
record Gateway(InetAddress address, InetAddress local, int prefixLength) {
    Gateway {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(local, "local");
    }

    @Override
    public String toString() {
        return address.getHostAddress() + " (via " + local.getHostAddress() + "/" + prefixLength + ")";
    }
}
