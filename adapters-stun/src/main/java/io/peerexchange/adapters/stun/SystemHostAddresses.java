package io.peerexchange.adapters.stun;

import io.peerexchange.ports.HostAddresses;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** The addresses on this host's interfaces, read fresh on each call (interfaces come and go). */
public final class SystemHostAddresses implements HostAddresses {
    private static final ComponentLogger LOG = ComponentLogger.of(SystemHostAddresses.class, Component.NAT);

    @Override
    public Set<InetAddress> addresses() {
        Set<InetAddress> result = new LinkedHashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    // Without the scope id, so it compares equal to an address a STUN server reports.
                    result.add(InetAddress.getByAddress(address.getAddress()));
                }
            }
        } catch (SocketException | UnknownHostException e) {
            LOG.atWarn().addKeyValue("error", e.getMessage()).log("cannot list the host's interface addresses");
        }
        return Set.copyOf(result);
    }
}
