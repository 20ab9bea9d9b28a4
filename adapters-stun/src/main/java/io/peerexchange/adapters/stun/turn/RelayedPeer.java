package io.peerexchange.adapters.stun.turn;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.Objects;

/**
 * One peer reached through the relay: the loopback socket WireGuard sends to (its endpoint for the
 * peer), the peer's address as the relay sees it and the channel bound to it. The remote address
 * may change when the peer's packets arrive from another port (a symmetric NAT), which is why it
 * is mutable, and only by the proxy's thread.
 */
final class RelayedPeer {
    private final DatagramChannel local;
    private final InetSocketAddress proxyAddress;
    private volatile InetSocketAddress remote;
    private volatile int channel;
    private volatile long lastInboundNanos;
    private volatile long bytesIn;
    private volatile long bytesOut;

    RelayedPeer(DatagramChannel local, InetSocketAddress proxyAddress, InetSocketAddress remote, int channel) {
        this.local = Objects.requireNonNull(local, "local");
        this.proxyAddress = Objects.requireNonNull(proxyAddress, "proxyAddress");
        this.remote = Objects.requireNonNull(remote, "remote");
        this.channel = channel;
    }

    DatagramChannel local() {
        return local;
    }

    /** The loopback address WireGuard holds as this peer's endpoint. */
    InetSocketAddress proxyAddress() {
        return proxyAddress;
    }

    InetSocketAddress remote() {
        return remote;
    }

    int channel() {
        return channel;
    }

    void rebind(InetSocketAddress newRemote, int newChannel) {
        this.remote = newRemote;
        this.channel = newChannel;
    }

    void countIn(int bytes, long now) {
        bytesIn += bytes;
        lastInboundNanos = now;
    }

    void countOut(int bytes) {
        bytesOut += bytes;
    }

    long bytesIn() {
        return bytesIn;
    }

    long bytesOut() {
        return bytesOut;
    }

    long lastInboundNanos() {
        return lastInboundNanos;
    }
}
