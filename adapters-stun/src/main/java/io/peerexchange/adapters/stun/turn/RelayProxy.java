package io.peerexchange.adapters.stun.turn;

import io.peerexchange.adapters.stun.codec.ChannelData;
import io.peerexchange.adapters.stun.codec.ReceivedTurn;
import io.peerexchange.adapters.stun.codec.StunClass;
import io.peerexchange.adapters.stun.codec.StunDecodeException;
import io.peerexchange.adapters.stun.codec.TurnCodec;
import io.peerexchange.adapters.stun.codec.TurnMessage;
import io.peerexchange.adapters.stun.codec.TurnMethod;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

/**
 * The relay's data path: one thread, one selector, one reused direct buffer. For each relayed peer
 * WireGuard sends to a loopback socket of ours; the datagram is read into the buffer behind a
 * 4-byte gap, the ChannelData header is written into the gap and the same bytes go to the TURN
 * server. The other way, the server's ChannelData is written to WireGuard from the buffer's
 * payload slice. No payload is copied; memory is the buffer plus one socket per peer.
 */
final class RelayProxy implements AutoCloseable {
    /** The largest UDP payload, plus the ChannelData header. */
    static final int BUFFER_BYTES = 65_536 + ChannelData.HEADER_LENGTH;
    /** Datagrams read from one socket before the others get a turn. */
    static final int BURST = 64;
    /** How long {@link #close} waits for the thread. */
    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);

    private static final ComponentLogger LOG = ComponentLogger.of(RelayProxy.class, Component.RELAY);

    private final InetSocketAddress wireGuard;
    private final Selector selector;
    private final Thread thread;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final byte[] control = new byte[BUFFER_BYTES];
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Map<TurnAllocation, Map<Integer, RelayedPeer>> byChannel = new ConcurrentHashMap<>();
    private volatile BiConsumer<RelayedPeer, InetSocketAddress> onMoved = (peer, address) -> {};
    private volatile boolean running = true;

    /** A proxy that hands datagrams from relayed peers to WireGuard at {@code wireGuard} (a loopback address). */
    RelayProxy(InetSocketAddress wireGuard) throws IOException {
        this.wireGuard = Objects.requireNonNull(wireGuard, "wireGuard");
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "peerexchange-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Called on the proxy thread when a relayed peer's datagrams come from a new address (its NAT moved). */
    void onPeerMoved(BiConsumer<RelayedPeer, InetSocketAddress> callback) {
        this.onMoved = Objects.requireNonNull(callback, "callback");
    }

    /** Starts reading the allocation's socket: its answers go to {@link TurnAllocation#onControl}. */
    void attach(TurnAllocation allocation) {
        byChannel.put(allocation, new ConcurrentHashMap<>());
        run(() -> allocation.channel().register(selector, SelectionKey.OP_READ, allocation));
    }

    /** Stops reading the allocation's socket; closes every peer socket on it unless they move to another one. */
    void detach(TurnAllocation allocation, boolean closePeers) {
        Map<Integer, RelayedPeer> peers = byChannel.remove(allocation);
        run(() -> {
            SelectionKey key = allocation.channel().keyFor(selector);
            if (key != null) {
                key.cancel();
            }
            if (peers != null && closePeers) {
                for (RelayedPeer peer : peers.values()) {
                    closeQuietly(peer.local());
                }
            }
        });
    }

    /**
     * A loopback socket for a peer at {@code remote} behind {@code allocation}'s channel
     * {@code channel}; its address is what WireGuard must hold as the peer's endpoint.
     */
    RelayedPeer addPeer(TurnAllocation allocation, InetSocketAddress remote, int channel) throws IOException {
        InetAddress loopback = wireGuard.getAddress();
        DatagramChannel local = DatagramChannel.open(
                loopback instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            local.bind(new InetSocketAddress(loopback, 0));
            local.connect(wireGuard);
            local.configureBlocking(false);
            RelayedPeer peer = new RelayedPeer(local, (InetSocketAddress) local.getLocalAddress(), remote, channel);
            Map<Integer, RelayedPeer> peers = byChannel.get(allocation);
            if (peers == null) {
                throw new IOException("the allocation on " + allocation.server() + " is not attached");
            }
            peers.put(channel, peer);
            run(() -> local.register(selector, SelectionKey.OP_READ, new Outbound(allocation, peer)));
            return peer;
        } catch (IOException | RuntimeException e) {
            local.close();
            throw e;
        }
    }

    /** Moves the peer to a new channel (after a rebind to its new address). */
    void rechannel(TurnAllocation allocation, RelayedPeer peer, InetSocketAddress remote, int channel) {
        Map<Integer, RelayedPeer> peers = byChannel.get(allocation);
        if (peers != null) {
            peers.put(channel, peer);
            peer.rebind(remote, channel);
        }
    }

    /** Puts an existing peer socket on a new allocation, so WireGuard's endpoint for the peer stays the same. */
    void readopt(TurnAllocation allocation, RelayedPeer peer, int channel) {
        Map<Integer, RelayedPeer> peers = byChannel.get(allocation);
        if (peers == null) {
            return;
        }
        peer.rebind(peer.remote(), channel);
        peers.put(channel, peer);
        run(() -> peer.local().register(selector, SelectionKey.OP_READ, new Outbound(allocation, peer)));
    }

    void removePeer(TurnAllocation allocation, RelayedPeer peer) {
        Map<Integer, RelayedPeer> peers = byChannel.get(allocation);
        if (peers != null) {
            peers.values().removeIf(p -> p == peer);
        }
        run(() -> closeQuietly(peer.local()));
    }

    private void run(IoTask task) {
        tasks.add(() -> {
            try {
                task.run();
            } catch (ClosedChannelException e) {
                // closed in the meantime: nothing left to register
            } catch (IOException e) {
                LOG.atWarn().addKeyValue("error", e.toString()).log("relay socket task failed");
            }
        });
        selector.wakeup();
    }

    @FunctionalInterface
    private interface IoTask {
        void run() throws IOException;
    }

    private record Outbound(TurnAllocation allocation, RelayedPeer peer) {}

    private void loop() {
        try {
            while (running) {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.attachment() instanceof TurnAllocation allocation) {
                        fromServer(allocation);
                    } else if (key.attachment() instanceof Outbound outbound) {
                        fromWireGuard(outbound);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            LOG.atError().addKeyValue("error", e.toString()).log("relay proxy stopped on an error");
        }
    }

    private void fromWireGuard(Outbound outbound) {
        RelayedPeer peer = outbound.peer();
        DatagramChannel server = outbound.allocation().channel();
        for (int i = 0; i < BURST; i++) {
            buffer.clear();
            buffer.position(ChannelData.HEADER_LENGTH);
            int length;
            try {
                if (peer.local().read(buffer) <= 0) {
                    return;
                }
                length = buffer.position() - ChannelData.HEADER_LENGTH;
                ChannelData.writeHeader(buffer, 0, peer.channel(), length);
                buffer.flip();
                server.write(buffer);
                peer.countOut(length);
            } catch (IOException e) {
                // WireGuard not listening yet (ICMP) or the server gone: UDP drops, the next datagram retries.
                return;
            }
        }
    }

    private void fromServer(TurnAllocation allocation) {
        for (int i = 0; i < BURST; i++) {
            buffer.clear();
            try {
                if (allocation.channel().read(buffer) <= 0) {
                    return;
                }
            } catch (IOException e) {
                allocation.onSocketFailure(e);
                return;
            }
            buffer.flip();
            if (!buffer.hasRemaining()) {
                continue;
            }
            if (ChannelData.isChannelData(buffer.get(0))) {
                channelData(allocation);
            } else {
                int length = buffer.remaining();
                buffer.get(control, 0, length);
                if (!TurnCodec.isTurn(control, 0, length)) {
                    allocation.onGarbage();
                } else if (isDataIndication(control, length)) {
                    dataIndication(allocation, length);
                } else {
                    allocation.onControl(control, length);
                }
            }
        }
    }

    private void channelData(TurnAllocation allocation) {
        int number;
        try {
            number = ChannelData.channel(buffer);
        } catch (StunDecodeException e) {
            allocation.onGarbage();
            return;
        }
        Map<Integer, RelayedPeer> peers = byChannel.get(allocation);
        RelayedPeer peer = peers == null ? null : peers.get(number);
        if (peer == null) {
            return;
        }
        int length = ChannelData.length(buffer);
        buffer.position(ChannelData.HEADER_LENGTH).limit(ChannelData.HEADER_LENGTH + length);
        try {
            peer.local().write(buffer);
            peer.countIn(length, System.nanoTime());
        } catch (IOException e) {
            // WireGuard not there for a moment: this datagram is lost, as any UDP datagram may be.
        }
    }

    private static boolean isDataIndication(byte[] data, int length) {
        return length >= 2 && (((data[0] & 0xFF) << 8) | (data[1] & 0xFF)) == (TurnMethod.DATA.code() | 0x010);
    }

    /** A peer without (or no longer on) a channel: its datagram, and maybe its new address. */
    private void dataIndication(TurnAllocation allocation, int length) {
        ReceivedTurn received;
        try {
            received = TurnCodec.decode(control, 0, length);
        } catch (StunDecodeException e) {
            allocation.onGarbage();
            return;
        }
        TurnMessage message = received.message();
        if (message.messageClass() != StunClass.INDICATION
                || message.data().isEmpty()
                || message.peerAddresses().isEmpty()) {
            return;
        }
        InetSocketAddress from = message.peerAddresses().get(0);
        Map<Integer, RelayedPeer> peers = byChannel.get(allocation);
        if (peers == null) {
            return;
        }
        RelayedPeer match = null;
        for (RelayedPeer peer : peers.values()) {
            if (peer.remote().equals(from)) {
                match = peer;
                break;
            }
            if (match == null && peer.remote().getAddress().equals(from.getAddress())) {
                match = peer;
            }
        }
        if (match == null) {
            return;
        }
        ByteBuffer payload = message.data().get();
        int bytes = payload.remaining();
        try {
            match.local().write(payload);
            match.countIn(bytes, System.nanoTime());
        } catch (IOException e) {
            return;
        }
        if (!match.remote().equals(from)) {
            onMoved.accept(match, from);
        }
    }

    private static void closeQuietly(DatagramChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a UDP socket cannot lose data
        }
    }

    /** Stops the thread, joins it and closes the selector; the allocations close their own sockets. */
    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(JOIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Map<Integer, RelayedPeer> peers : byChannel.values()) {
            for (RelayedPeer peer : peers.values()) {
                closeQuietly(peer.local());
            }
        }
        byChannel.clear();
        selector.close();
    }
}
