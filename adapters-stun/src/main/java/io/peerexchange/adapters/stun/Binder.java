package io.peerexchange.adapters.stun;

import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import java.net.InetSocketAddress;

/** One way of binding, given the resolved server address and a deadline. */
@FunctionalInterface
interface Binder {
    MappedAddress bind(StunServer server, InetSocketAddress serverAddress, int localPort, Deadline deadline)
            throws StunException, InterruptedException;
}
