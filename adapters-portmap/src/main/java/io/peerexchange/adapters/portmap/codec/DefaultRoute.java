package io.peerexchange.adapters.portmap.codec;

import java.net.InetAddress;
import java.util.Objects;

/** The default route: the interface it leaves through and the gateway it names. */
public record DefaultRoute(String interfaceName, InetAddress gateway) {
    public DefaultRoute {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(gateway, "gateway");
    }
}
