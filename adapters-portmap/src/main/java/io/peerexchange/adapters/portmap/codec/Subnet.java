package io.peerexchange.adapters.portmap.codec;

import java.net.InetAddress;

/** Whether two addresses share a prefix: an SSDP LOCATION must be on the gateway's own subnet. */
public final class Subnet {
    private Subnet() {}

    public static boolean contains(InetAddress network, int prefixLength, InetAddress candidate) {
        byte[] a = network.getAddress();
        byte[] b = candidate.getAddress();
        if (a.length != b.length || prefixLength < 0 || prefixLength > a.length * 8) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (b[full] & mask);
    }
}
