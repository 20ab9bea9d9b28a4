package io.peerexchange.ports;

import java.time.Duration;

/** Learns the public mapping of a local UDP port with one STUN Binding transaction. */
public interface StunClient {

    /**
     * Sends a Binding request from {@code localPort} (0: any free port) to {@code server} and
     * returns the mapped address, retransmitting within {@code timeout}.
     *
     * @throws StunException        when the server cannot be resolved, does not answer in time,
     *                              answers with an error, or the port cannot be used
     * @throws InterruptedException when the calling thread is interrupted; the call returns promptly
     */
    MappedAddress bind(StunServer server, int localPort, Duration timeout) throws StunException, InterruptedException;

    /**
     * As {@link #bind(StunServer, int, Duration)}, to the server's address of {@code family}: a name
     * with addresses of both families is resolved to that one (docs/PROTOCOL.md#stun-over-both-families).
     * This default serves a client that resolves names to one family only: an IP literal of {@code
     * family} is bound as usual, anything else fails at once.
     *
     * @throws StunException as {@link #bind(StunServer, int, Duration)}, and when the server has no
     *                       address of {@code family}
     */
    default MappedAddress bind(StunServer server, AddressFamily family, int localPort, Duration timeout)
            throws StunException, InterruptedException {
        if (server.literalFamily().filter(family::equals).isEmpty()) {
            throw new StunException("STUN server " + server + " has no " + family + " address this client can use");
        }
        return bind(server, localPort, timeout);
    }
}
