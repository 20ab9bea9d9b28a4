package io.peerexchange.adapters.stun;

import io.peerexchange.adapters.stun.codec.StunMessage;
import io.peerexchange.ports.BindingMethod;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Objects;

/**
 * STUN over an ordinary UDP socket bound to the requested port (or an ephemeral one for port 0).
 * Fails with {@link PortInUseException} when the port is taken, e.g. by WireGuard.
 */
public final class UdpStunClient extends ResolvingStunClient {
    private static final int RECEIVE_BUFFER = 4096;

    private final StunSettings settings;

    public UdpStunClient(StunSettings settings) {
        this(settings, NameResolver.SYSTEM);
    }

    UdpStunClient(StunSettings settings, NameResolver names) {
        super(names);
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    MappedAddress bind(StunServer server, InetSocketAddress serverAddress, int localPort, Deadline deadline)
            throws StunException, InterruptedException {
        try (DatagramSocket socket = open(localPort)) {
            StunMessage response = StunTransaction.execute(
                    new SocketTransport(socket), server, serverAddress, settings.software(), deadline);
            return new MappedAddress(
                    Endpoint.of(response.mappedAddress().orElseThrow()),
                    server,
                    Endpoint.of(serverAddress),
                    BindingMethod.BOUND,
                    socket.getLocalPort());
        }
    }

    private static DatagramSocket open(int localPort) throws StunException {
        DatagramSocket socket;
        try {
            socket = new DatagramSocket(null);
        } catch (SocketException e) {
            throw new StunException("cannot create a UDP socket: " + e.getMessage(), e);
        }
        try {
            // A port WireGuard holds must fail here, not be silently shared.
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(localPort));
            return socket;
        } catch (BindException e) {
            socket.close();
            throw new PortInUseException(
                    localPort, "cannot bind local UDP port " + localPort + ": " + e.getMessage(), e);
        } catch (SocketException e) {
            socket.close();
            throw new StunException("cannot bind local UDP port " + localPort + ": " + e.getMessage(), e);
        }
    }

    private static final class SocketTransport implements StunTransaction.Transport {
        private final DatagramSocket socket;
        private final byte[] buffer = new byte[RECEIVE_BUFFER];

        SocketTransport(DatagramSocket socket) {
            this.socket = socket;
        }

        @Override
        public void send(InetSocketAddress destination, byte[] datagram) throws IOException {
            socket.send(new DatagramPacket(datagram, datagram.length, destination));
        }

        @Override
        public StunTransaction.Datagram receive(int waitMillis) throws IOException {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.setSoTimeout(waitMillis);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return new StunTransaction.Datagram(
                    (InetSocketAddress) packet.getSocketAddress(),
                    packet.getData(),
                    packet.getOffset(),
                    packet.getLength());
        }
    }
}
