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
}
