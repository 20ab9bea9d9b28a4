package io.peerexchange.testing.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;

/** UDP ports nobody uses right now: the kernel's choice, released again at once. */
public final class FreePorts {
    private FreePorts() {}

    /** A UDP port free on every address (also good as "a port nothing answers on"). */
    public static int udp() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code port} can be bound on 127.0.0.1 right now. */
    public static boolean udpFreeOnLoopback(int port) {
        try (DatagramSocket socket =
                new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return socket.isBound();
        } catch (SocketException e) {
            return false;
        }
    }
}
