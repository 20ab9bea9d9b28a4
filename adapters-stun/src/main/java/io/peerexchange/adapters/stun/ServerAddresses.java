package io.peerexchange.adapters.stun;

import io.peerexchange.ports.AddressFamily;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
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
    static InetSocketAddress resolve(StunServer server, NameResolver names) throws StunException {
        InetAddress[] candidates = all(server, names);
        InetAddress chosen = candidates[0];
        for (InetAddress candidate : candidates) {
            if (AddressFamily.IPV4.matches(candidate)) {
                chosen = candidate;
                break;
            }
        }
        return unicast(server, chosen);
    }

    /**
     * The server's first address of {@code family} (docs/PROTOCOL.md#stun-over-both-families).
     *
     * @throws StunException when it has none, or cannot be resolved
     */
    static InetSocketAddress resolve(StunServer server, AddressFamily family, NameResolver names) throws StunException {
        if (server.literalFamily().filter(f -> f != family).isPresent()) {
            throw new StunException("STUN server " + server + " has no " + family + " address");
        }
        for (InetAddress candidate : all(server, names)) {
            if (family.matches(candidate)) {
                return unicast(server, candidate);
            }
        }
        throw new StunException("STUN server " + server + " has no " + family + " address");
    }

    private static InetAddress[] all(StunServer server, NameResolver names) throws StunException {
        try {
            return names.resolve(server.host());
        } catch (UnknownHostException e) {
            throw new StunException("cannot resolve STUN server " + server + ": unknown host", e);
        } catch (SecurityException e) {
            throw new StunException("cannot resolve STUN server " + server + ": " + e.getMessage(), e);
        }
    }

    private static InetSocketAddress unicast(StunServer server, InetAddress chosen) throws StunException {
        if (chosen.isAnyLocalAddress() || chosen.isMulticastAddress()) {
            throw new StunException("STUN server " + server + " resolves to " + chosen.getHostAddress()
                    + ", which is not a unicast address");
        }
        return new InetSocketAddress(chosen, server.port());
    }
}
