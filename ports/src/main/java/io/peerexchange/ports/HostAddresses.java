package io.peerexchange.ports;

import java.net.InetAddress;
import java.util.Set;

/** The IP addresses configured on this host's interfaces (to tell "no NAT" from a port-preserving NAT). */
@FunctionalInterface
public interface HostAddresses {
    Set<InetAddress> addresses();
}
