package io.peerexchange.adapters.stun;

import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Resolves configured STUN servers; the one place where a name becomes an address. */
final class ServerAddresses {
    private ServerAddresses() {}

    /**
     * The address to send to. A name with both IPv4 and IPv6 addresses resolves to IPv4, the
     * family NATs (and so this adapter's raison d'être) are about.
     */
    static InetSocketAddress resolve(StunServer server) throws StunException {
        InetAddress[] candidates;
        try {
            candidates = InetAddress.getAllByName(server.host());
        } catch (UnknownHostException e) {
            throw new StunException("cannot resolve STUN server " + server + ": unknown host", e);
        } catch (SecurityException e) {
            throw new StunException("cannot resolve STUN server " + server + ": " + e.getMessage(), e);
        }
        InetAddress chosen = candidates[0];
        for (InetAddress candidate : candidates) {
            if (candidate instanceof Inet4Address) {
                chosen = candidate;
                break;
            }
        }
        if (chosen.isAnyLocalAddress() || chosen.isMulticastAddress()) {
            throw new StunException("STUN server " + server + " resolves to " + chosen.getHostAddress()
                    + ", which is not a unicast address");
        }
        return new InetSocketAddress(chosen, server.port());
    }
}
