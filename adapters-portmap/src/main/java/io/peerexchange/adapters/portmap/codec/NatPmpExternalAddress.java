package io.peerexchange.adapters.portmap.codec;

import java.net.InetAddress;

/** A NAT-PMP external-address response; {@code address} is null in a short failure answer. */
public record NatPmpExternalAddress(int resultCode, long epochSeconds, InetAddress address) {
    public boolean success() {
        return resultCode == 0;
    }
}
