package io.peerexchange.adapters.stun;

import io.peerexchange.adapters.stun.codec.StunMessage;
import io.peerexchange.adapters.stun.raw.RawSocketUnavailableException;
import io.peerexchange.adapters.stun.raw.RawUdpSocket;
import io.peerexchange.ports.BindingMethod;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Objects;

/**
 * STUN from a UDP port another socket owns (WireGuard's), through Linux raw sockets: the request
 * leaves with that source port and the answer is read from the kernel's copy (docs/PROTOCOL.md#shared-port). Needs
 * CAP_NET_RAW; without it every call fails with {@link SharedPortUnavailableException}.
 */
public final class RawSocketStunClient extends ResolvingStunClient {
    private final StunSettings settings;

    public RawSocketStunClient(StunSettings settings) {
        this(settings, NameResolver.SYSTEM);
    }

    RawSocketStunClient(StunSettings settings, NameResolver names) {
        super(names);
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    void checkLocalPort(int localPort) {
        if (localPort == 0) {
            throw new IllegalArgumentException("sharing a port needs the port: local port 0 is not one");
        }
    }

    @Override
    MappedAddress bind(StunServer server, InetSocketAddress serverAddress, int localPort, Deadline deadline)
            throws StunException, InterruptedException {
        InetAddress source = routeSource(server, serverAddress);
        try (RawUdpSocket socket = RawUdpSocket.open(source, localPort)) {
            StunMessage response = StunTransaction.execute(
                    new RawTransport(socket), server, serverAddress, settings.software(), deadline);
            return new MappedAddress(
                    Endpoint.of(response.mappedAddress().orElseThrow()),
                    server,
                    Endpoint.of(serverAddress),
                    BindingMethod.SHARED_PORT,
                    localPort);
        } catch (RawSocketUnavailableException e) {
            throw new SharedPortUnavailableException(
                    "cannot share UDP port " + localPort + " through raw sockets: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StunException("raw socket for UDP port " + localPort + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The source address the kernel's route picks for {@code serverAddress}: the UDP checksum
     * covers it, so it must be known before the datagram is built. Connecting a UDP socket sends
     * nothing; it only runs the route lookup.
     */
    static InetAddress routeSource(StunServer server, InetSocketAddress serverAddress) throws StunException {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(serverAddress);
            InetAddress source = probe.getLocalAddress();
            if (source == null || source.isAnyLocalAddress()) {
                throw new StunException("no route to STUN server " + server);
            }
            return source;
        } catch (SocketException | UncheckedIOException e) {
            throw new StunException("no route to STUN server " + server + ": " + e.getMessage(), e);
        }
    }

    private static final class RawTransport implements StunTransaction.Transport {
        private final RawUdpSocket socket;

        RawTransport(RawUdpSocket socket) {
            this.socket = socket;
        }

        @Override
        public void send(InetSocketAddress destination, byte[] datagram) throws IOException {
            socket.send(destination, datagram);
        }

        @Override
        public StunTransaction.Datagram receive(int waitMillis) throws IOException {
            RawUdpSocket.Received received = socket.receive(waitMillis);
            return received == null
                    ? null
                    : new StunTransaction.Datagram(received.source(), received.payload(), 0, received.payload().length);
        }
    }
}
