package io.peerexchange.ports;

/**
 * Sends connectivity checks from the WireGuard port and answers the peers' checks there
 * (docs/PROTOCOL.md#candidates). Only authenticated traffic reaches the listener: an answer that does
 * not match a pending check, or an incoming check whose USERNAME or MESSAGE-INTEGRITY is not ours, is
 * dropped by the transport.
 */
public interface CheckTransport extends AutoCloseable {

    /**
     * Starts receiving: incoming checks are authenticated with {@code local}, answers and checks go to
     * {@code listener}.
     *
     * @throws StunException when the WireGuard port can be neither bound nor shared
     */
    void start(IceCredentials local, CheckListener listener) throws StunException;

    /** Sends one check (or a retransmission of one); never blocks for an answer. */
    void send(CheckRequest request);

    @Override
    void close();
}
