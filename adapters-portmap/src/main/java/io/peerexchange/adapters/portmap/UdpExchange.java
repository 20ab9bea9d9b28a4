package io.peerexchange.adapters.portmap;

import io.peerexchange.adapters.portmap.codec.PortMapDecodeException;
import io.peerexchange.ports.PortMappingException;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One request to the PCP/NAT-PMP server port with RFC 6886 §3.1's retransmission (250 ms, doubling)
 * within a budget. Datagrams from anyone but the gateway, and answers the decoder refuses, are
 * logged and ignored: they change nothing and the wait goes on.
 */
final class UdpExchange {
    private static final ComponentLogger LOG = ComponentLogger.of(UdpExchange.class, Component.NAT);
    static final Duration FIRST_RETRANSMIT = Duration.ofMillis(250);
    /** Longer than any answer either protocol sends; a longer datagram is seen as such and refused. */
    static final int RECEIVE_BUFFER = 1104;

    @FunctionalInterface
    interface Decoder<T> {
        T decode(byte[] datagram, int length) throws PortMapDecodeException;
    }

    private UdpExchange() {}

    static <T> T exchange(
            Gateway gateway, int serverPort, byte[] request, Duration budget, Decoder<T> decoder, String protocol)
            throws PortMappingException, InterruptedException {
        InetSocketAddress server = new InetSocketAddress(gateway.address(), serverPort);
        long deadline = System.nanoTime() + budget.toNanos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(gateway.local(), 0))) {
            socket.connect(server);
            byte[] buffer = new byte[RECEIVE_BUFFER];
            long wait = FIRST_RETRANSMIT.toMillis();
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new PortMappingException(
                            protocol + ": no answer from " + server + " within " + budget.toMillis() + " ms");
                }
                socket.send(new DatagramPacket(request, request.length));
                long until = System.nanoTime() + Math.min(wait, left) * 1_000_000;
                wait *= 2;
                while (true) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    long slice = Math.min(100, (until - System.nanoTime()) / 1_000_000);
                    if (slice <= 0) {
                        break;
                    }
                    socket.setSoTimeout((int) slice);
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(packet);
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    try {
                        return decoder.decode(packet.getData(), packet.getLength());
                    } catch (PortMapDecodeException e) {
                        LOG.atWarn()
                                .addKeyValue("protocol", protocol)
                                .addKeyValue("gateway", gateway.address().getHostAddress())
                                .addKeyValue("bytes", packet.getLength())
                                .addKeyValue("error", e.getMessage())
                                .log("gateway answer rejected");
                    }
                }
            }
        } catch (PortUnreachableException e) {
            throw new PortMappingException(protocol + ": gateway "
                    + gateway.address().getHostAddress() + " does not listen on port " + PortMapPorts.PCP_SERVER);
        } catch (IOException e) {
            throw new PortMappingException(protocol + ": " + e.getMessage());
        }
    }
}
