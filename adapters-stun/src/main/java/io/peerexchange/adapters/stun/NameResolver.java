package io.peerexchange.adapters.stun;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns a STUN server's host into its addresses; tests give a name both families without DNS. */
@FunctionalInterface
interface NameResolver {
    NameResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
