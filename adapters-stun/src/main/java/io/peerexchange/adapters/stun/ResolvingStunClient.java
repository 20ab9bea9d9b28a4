package io.peerexchange.adapters.stun;

import io.peerexchange.ports.AddressFamily;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.StunClient;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * What every client's public {@code bind} does first, in this order: check the arguments, start the
 * deadline, honour an interrupt, resolve the server once (to its address of the family asked for,
 * when one is); then it binds through {@link #bind(StunServer, InetSocketAddress, int, Deadline)}.
 */
abstract class ResolvingStunClient implements StunClient {
    private final NameResolver names;

    ResolvingStunClient(NameResolver names) {
        this.names = Objects.requireNonNull(names, "names");
    }

    @Override
    public final MappedAddress bind(StunServer server, int localPort, Duration timeout)
            throws StunException, InterruptedException {
        return within(server, null, localPort, timeout);
    }

    @Override
    public final MappedAddress bind(StunServer server, AddressFamily family, int localPort, Duration timeout)
            throws StunException, InterruptedException {
        return within(server, Objects.requireNonNull(family, "family"), localPort, timeout);
    }

    /** Binds to the resolved {@code serverAddress} within {@code deadline}. */
    abstract MappedAddress bind(StunServer server, InetSocketAddress serverAddress, int localPort, Deadline deadline)
            throws StunException, InterruptedException;

    /** A further check of the local port, before anything else; the default accepts every valid port. */
    void checkLocalPort(int localPort) {}

    private MappedAddress within(StunServer server, AddressFamily family, int localPort, Duration timeout)
            throws StunException, InterruptedException {
        checkLocalPort(localPort);
        Objects.requireNonNull(server, "server");
        Deadlines.checkLocalPort(localPort);
        Deadline deadline = Deadline.after(timeout);
        Deadlines.checkInterrupted();
        InetSocketAddress serverAddress = family == null
                ? ServerAddresses.resolve(server, names)
                : ServerAddresses.resolve(server, family, names);
        return bind(server, serverAddress, localPort, deadline);
    }
}
