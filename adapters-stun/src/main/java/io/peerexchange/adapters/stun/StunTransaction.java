package io.peerexchange.adapters.stun;

import io.peerexchange.adapters.stun.codec.StunCodec;
import io.peerexchange.adapters.stun.codec.StunDecodeException;
import io.peerexchange.adapters.stun.codec.StunMessage;
import io.peerexchange.adapters.stun.codec.StunMessageType;
import io.peerexchange.adapters.stun.codec.TransactionId;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * One Binding transaction over any datagram transport, with the retransmissions of RFC 8489
 * §6.2.1: RTO 500 ms doubling, at most 7 requests, all inside the caller's timeout. Only a response
 * from the server's address with our transaction id counts; strays and garbage are skipped.
 */
final class StunTransaction {
    static final long INITIAL_RTO_MILLIS = 500;
    static final int MAX_REQUESTS = 7;
    /** Waits are cut into slices this long so an interrupt is noticed promptly. */
    private static final long WAIT_SLICE_MILLIS = 100;

    private static final ComponentLogger LOG = ComponentLogger.of(StunTransaction.class, Component.NAT);

    /** A datagram socket of some kind, already bound to the local port. */
    interface Transport {
        void send(InetSocketAddress destination, byte[] datagram) throws IOException;

        /** One datagram that arrived within {@code waitMillis}, or null. */
        Datagram receive(int waitMillis) throws IOException;
    }

    record Datagram(InetSocketAddress source, byte[] data, int offset, int length) {}

    private StunTransaction() {}

    /**
     * Runs the transaction until a success arrives, an error response arrives, the deadline
     * passes, or the thread is interrupted.
     */
    static StunMessage execute(
            Transport transport,
            StunServer server,
            InetSocketAddress serverAddress,
            Optional<String> software,
            Deadline deadline)
            throws StunException, InterruptedException {
        TransactionId id = TransactionId.random();
        byte[] request = StunCodec.encode(StunMessage.bindingRequest(id, software));
        long nextSend = System.nanoTime();
        long rto = Duration.ofMillis(INITIAL_RTO_MILLIS).toNanos();
        int sent = 0;
        String lastRejection = null;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("STUN binding to " + server + " interrupted");
            }
            long now = System.nanoTime();
            if (deadline.hasPassed(now)) {
                throw new StunException("no answer from STUN server " + server + describe(serverAddress, server)
                        + " within " + deadline.timeout().toMillis() + " ms (" + sent
                        + (sent == 1 ? " request" : " requests") + " sent"
                        + (lastRejection == null ? ")" : "; last rejected answer: " + lastRejection + ")"));
            }
            if (sent < MAX_REQUESTS && now - nextSend >= 0) {
                try {
                    transport.send(serverAddress, request);
                } catch (IOException e) {
                    throw new StunException("cannot send to STUN server " + server + ": " + e.getMessage(), e);
                }
                sent++;
                nextSend = now + rto;
                rto *= 2;
            }
            long until = sent < MAX_REQUESTS && nextSend - deadline.atNanos() < 0 ? nextSend : deadline.atNanos();
            long waitMillis = Math.min(
                    WAIT_SLICE_MILLIS, Math.max(1, Duration.ofNanos(until - now).toMillis()));
            Datagram datagram;
            try {
                datagram = transport.receive((int) waitMillis);
            } catch (IOException e) {
                throw new StunException("receiving from STUN server " + server + " failed: " + e.getMessage(), e);
            }
            if (datagram == null) {
                continue;
            }
            if (!sameEndpoint(datagram.source(), serverAddress)) {
                LOG.atDebug()
                        .addKeyValue("server", server)
                        .addKeyValue("source", datagram.source())
                        .log("ignored datagram from another address");
                continue;
            }
            StunMessage response;
            try {
                response = StunCodec.decode(datagram.data(), datagram.offset(), datagram.length());
            } catch (StunDecodeException e) {
                lastRejection = e.getMessage();
                LOG.atDebug()
                        .addKeyValue("server", server)
                        .addKeyValue("error", e.getMessage())
                        .log("ignored malformed answer");
                continue;
            }
            if (!response.transactionId().equals(id)) {
                lastRejection = "transaction id does not match";
                LOG.atDebug().addKeyValue("server", server).log("ignored answer to another transaction");
                continue;
            }
            if (response.type() == StunMessageType.BINDING_ERROR) {
                throw new StunException("STUN server " + server + " answered with error "
                        + response.error().orElseThrow());
            }
            return response;
        }
    }

    private static String describe(InetSocketAddress address, StunServer server) {
        String literal = address.getAddress().getHostAddress();
        return literal.equals(server.host()) ? "" : " (" + literal + ")";
    }

    private static boolean sameEndpoint(InetSocketAddress a, InetSocketAddress b) {
        return a.getPort() == b.getPort() && a.getAddress().equals(b.getAddress());
    }
}
