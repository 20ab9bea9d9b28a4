package io.peerexchange.adapters.stun.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/** Picks UDP ports nobody uses right now (the kernel's choice, released again at once). */
public final class FreePorts {
    private FreePorts() {}

    public static int udp() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(0))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
