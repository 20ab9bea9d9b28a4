package io.peerexchange.adapters.stun;

import io.peerexchange.ports.AddressFamily;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/** One way of binding, given the resolved server address and a deadline. */
@FunctionalInterface
interface Binder {
    MappedAddress bind(StunServer server, InetSocketAddress serverAddress, int localPort, Deadline deadline)
            throws StunException, InterruptedException;

    /**
     * What every client's public {@code bind} does first, in this order: check the arguments, start the
     * deadline, honour an interrupt, resolve the server once; then binds.
     */
    default MappedAddress bindWithin(StunServer server, int localPort, Duration timeout, NameResolver names)
            throws StunException, InterruptedException {
        Objects.requireNonNull(server, "server");
        Deadlines.checkLocalPort(localPort);
        Deadline deadline = Deadline.after(timeout);
        Deadlines.checkInterrupted();
        return bind(server, ServerAddresses.resolve(server, names), localPort, deadline);
    }

    /** As {@link #bindWithin(StunServer, int, Duration, NameResolver)}, to the server's address of {@code family}. */
    default MappedAddress bindWithin(
            StunServer server, AddressFamily family, int localPort, Duration timeout, NameResolver names)
            throws StunException, InterruptedException {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(family, "family");
        Deadlines.checkLocalPort(localPort);
        Deadline deadline = Deadline.after(timeout);
        Deadlines.checkInterrupted();
        return bind(server, ServerAddresses.resolve(server, family, names), localPort, deadline);
    }
}
