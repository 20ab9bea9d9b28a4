package io.peerexchange.adapters.stun.checks;

import io.peerexchange.adapters.stun.codec.CheckCodec;
import io.peerexchange.adapters.stun.codec.CheckMessage;
import io.peerexchange.adapters.stun.codec.IntegrityKey;
import io.peerexchange.adapters.stun.codec.ReceivedCheck;
import io.peerexchange.adapters.stun.codec.StunDecodeException;
import io.peerexchange.adapters.stun.codec.StunMessageType;
import io.peerexchange.adapters.stun.codec.TransactionId;
import io.peerexchange.adapters.stun.raw.RawSocketUnavailableException;
import io.peerexchange.adapters.stun.raw.RawUdpSocket;
import io.peerexchange.ports.CheckAnswer;
import io.peerexchange.ports.CheckListener;
import io.peerexchange.ports.CheckReply;
import io.peerexchange.ports.CheckRequest;
import io.peerexchange.ports.CheckTransport;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.IceCredentials;
import io.peerexchange.ports.IncomingCheck;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.WireGuardFwmark;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Checks from and to the WireGuard port through raw sockets (docs/PROTOCOL.md#shared-port): one
 * unbound raw socket per address family receives the kernel's copy of every STUN datagram to the
 * port, whether WireGuard holds it or not, and sends with the port as source. An incoming check is
 * answered only when its FINGERPRINT holds, its USERNAME is {@code <our ufrag>:<theirs>}, its
 * MESSAGE-INTEGRITY holds under our password, the listener knows the peer, and the rate limit
 * allows; the answer is never larger than the check plus XOR-MAPPED-ADDRESS. An answer counts only
 * from the address its check went to, for its transaction, under the password it was signed with.
 */
public final class RawCheckTransport implements CheckTransport {
    private static final ComponentLogger LOG = ComponentLogger.of(RawCheckTransport.class, Component.PATHS);
    static final String THREAD_NAME = "px-checks";

    /** Incoming checks answered per second, over all sources; a burst of twice that is allowed. */
    static final int MAX_ANSWERS_PER_SECOND = 200;
    /** A pending check's transaction is kept this long after its last transmission. */
    static final long PENDING_NANOS = 10_000_000_000L;
    /** XOR-MAPPED-ADDRESS of an IPv6 source, with its attribute header: what an answer may add. */
    static final int XOR_MAPPED_ADDRESS_MAX = 24;

    private static final int POLL_MILLIS = 10;

    private record Pending(
            long checkId, TransactionId transaction, Endpoint target, IntegrityKey key, long sentNanos) {}

    private final int port;
    private final WireGuardFwmark marks;
    private final LongSupplier nanos;
    private final TokenBucket answers;
    private final Map<Long, Pending> byCheck = new HashMap<>();
    private final Map<TransactionId, Pending> byTransaction = new HashMap<>();
    private final List<RawUdpSocket> sockets = new ArrayList<>();
    private RawUdpSocket ipv4;
    private RawUdpSocket ipv6;
    private volatile IceCredentials local;
    private volatile IntegrityKey localKey;
    private volatile CheckListener listener;
    private Thread receiver;
    private volatile boolean closed;

    /**
     * @param port the WireGuard listen port
     * @param marks the WireGuard interface's fwmark, read at start: what we send is marked like its packets
     */
    public RawCheckTransport(int port, WireGuardFwmark marks) {
        this(port, marks, System::nanoTime);
    }

    RawCheckTransport(int port, WireGuardFwmark marks, LongSupplier nanos) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("checks need the WireGuard port, 1-65535, got " + port);
        }
        this.port = port;
        this.marks = marks;
        this.nanos = nanos;
        this.answers = new TokenBucket(MAX_ANSWERS_PER_SECOND, 2.0 * MAX_ANSWERS_PER_SECOND, nanos.getAsLong());
    }

    @Override
    public synchronized void start(IceCredentials credentials, CheckListener checkListener) throws StunException {
        if (receiver != null) {
            throw new IllegalStateException("already started");
        }
        local = credentials;
        localKey = IntegrityKey.shortTerm(credentials.pwdBytes());
        listener = checkListener;
        int fwmark = fwmark();
        ipv4 = openOrNull(false, fwmark);
        ipv6 = openOrNull(true, fwmark);
        if (ipv4 == null && ipv6 == null) {
            throw new StunException("no raw socket for UDP port " + port + " in either address family");
        }
        receiver = new Thread(this::receive, THREAD_NAME);
        receiver.setDaemon(true);
        receiver.start();
    }

    private int fwmark() {
        try {
            int mark = marks.fwmark();
            if (mark != 0) {
                LOG.atInfo()
                        .addKeyValue("fwmark", Integer.toUnsignedString(mark))
                        .log("checks carry the WireGuard interface's fwmark");
            }
            return mark;
        } catch (PeerUpdateException e) {
            LOG.atWarn()
                    .addKeyValue("error", e.getMessage())
                    .log("WireGuard's fwmark unknown; checks are sent unmarked");
            return 0;
        }
    }

    private RawUdpSocket openOrNull(boolean v6, int fwmark) throws StunException {
        try {
            RawUdpSocket socket = RawUdpSocket.openUnbound(v6, port);
            if (fwmark != 0) {
                socket.setMark(fwmark);
            }
            sockets.add(socket);
            return socket;
        } catch (RawSocketUnavailableException e) {
            if (!v6) {
                throw new StunException("connectivity checks need raw sockets: " + e.getMessage(), e);
            }
            LOG.atDebug().addKeyValue("error", e.getMessage()).log("no IPv6 raw socket: IPv6 checks are off");
            return null;
        } catch (IOException e) {
            if (!v6) {
                throw new StunException("raw socket for UDP port " + port + ": " + e.getMessage(), e);
            }
            LOG.atDebug().addKeyValue("error", e.getMessage()).log("no IPv6 raw socket: IPv6 checks are off");
            return null;
        }
    }

    @Override
    public void send(CheckRequest request) {
        InetSocketAddress target = request.target().toSocketAddress();
        RawUdpSocket socket = target.getAddress() instanceof Inet6Address ? ipv6 : ipv4;
        if (socket == null || closed) {
            return;
        }
        Pending pending;
        synchronized (this) {
            Pending previous = byCheck.get(request.checkId());
            TransactionId transaction = previous != null ? previous.transaction : TransactionId.random();
            pending = new Pending(
                    request.checkId(),
                    transaction,
                    request.target(),
                    IntegrityKey.shortTerm(request.remote().pwdBytes()),
                    nanos.getAsLong());
            byCheck.put(request.checkId(), pending);
            byTransaction.put(transaction, pending);
            expire(pending.sentNanos);
        }
        byte[] datagram = CheckCodec.encode(
                CheckMessage.request(
                        pending.transaction,
                        request.username(),
                        request.priority(),
                        request.role(),
                        request.tieBreaker(),
                        request.useCandidate()),
                pending.key);
        try {
            socket.send(routeSource(target), target, datagram);
        } catch (IOException e) {
            LOG.atDebug()
                    .addKeyValue("endpoint", request.target())
                    .addKeyValue("error", e.getMessage())
                    .log("check not sent");
        }
    }

    private void expire(long now) {
        byCheck.values().removeIf(p -> now - p.sentNanos > PENDING_NANOS);
        byTransaction.values().removeIf(p -> now - p.sentNanos > PENDING_NANOS);
    }

    /** The source the kernel's route picks for {@code target}: the UDP checksum covers it. Sends nothing. */
    static InetAddress routeSource(InetSocketAddress target) throws IOException {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(target);
            InetAddress source = probe.getLocalAddress();
            if (source == null || source.isAnyLocalAddress()) {
                throw new IOException("no route to " + target);
            }
            return source;
        } catch (SocketException | UncheckedIOException e) {
            throw new IOException("no route to " + target + ": " + e.getMessage(), e);
        }
    }

    private void receive() {
        while (!closed) {
            for (RawUdpSocket socket : sockets) {
                try {
                    RawUdpSocket.Received received = socket.receive(POLL_MILLIS);
                    if (received != null) {
                        handle(socket, received.source(), received.payload());
                    }
                } catch (IOException e) {
                    if (!closed) {
                        LOG.atWarn().addKeyValue("error", e.getMessage()).log("check socket failed; retrying");
                    }
                } catch (RuntimeException e) {
                    LOG.atWarn().addKeyValue("error", e.toString()).log("a received datagram was dropped");
                }
            }
        }
    }

    /** One datagram to the WireGuard port. Anything but a valid check or answer of ours is dropped unseen. */
    void handle(RawUdpSocket socket, InetSocketAddress source, byte[] datagram) throws IOException {
        ReceivedCheck received;
        try {
            received = CheckCodec.decode(datagram, 0, datagram.length);
        } catch (StunDecodeException e) {
            // Mostly answers of STUN servers to discovery, which has its own socket.
            return;
        }
        CheckMessage message = received.message();
        Endpoint from;
        try {
            from = Endpoint.of(source);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (message.type() == StunMessageType.BINDING_REQUEST) {
            answer(socket, source, from, datagram.length, received);
        } else {
            answered(from, received);
        }
    }

    private void answer(
            RawUdpSocket socket, InetSocketAddress source, Endpoint from, int length, ReceivedCheck received)
            throws IOException {
        CheckMessage check = received.message();
        String username = check.username().orElseThrow();
        String prefix = local.ufrag() + ":";
        if (!username.startsWith(prefix) || username.length() == prefix.length()) {
            return;
        }
        if (!answers.tryTake(nanos.getAsLong())) {
            LOG.atDebug().addKeyValue("endpoint", from).log("check not answered: rate limit");
            return;
        }
        if (!received.integrityValid(localKey)) {
            return;
        }
        CheckReply reply = listener.onCheck(new IncomingCheck(
                from,
                username.substring(prefix.length()),
                check.priority(),
                check.role().orElseThrow(),
                check.tieBreaker(),
                check.useCandidate()));
        CheckMessage response;
        switch (reply) {
            case SUCCESS -> response = CheckMessage.success(check.transactionId(), source);
            case ROLE_CONFLICT -> response = CheckMessage.roleConflict(check.transactionId());
            default -> {
                return;
            }
        }
        byte[] out = CheckCodec.encode(response, localKey);
        if (out.length > length + XOR_MAPPED_ADDRESS_MAX) {
            return;
        }
        socket.send(routeSource(source), source, out);
    }

    private void answered(Endpoint from, ReceivedCheck received) {
        CheckMessage message = received.message();
        Pending pending;
        synchronized (this) {
            pending = byTransaction.get(message.transactionId());
        }
        if (pending == null || !pending.target.equals(from) || !received.integrityValid(pending.key)) {
            return;
        }
        boolean conflict = message.type() == StunMessageType.BINDING_ERROR;
        if (conflict && message.error().orElseThrow().code() != CheckMessage.ROLE_CONFLICT) {
            return;
        }
        Optional<Endpoint> mapped;
        try {
            mapped = conflict
                    ? Optional.empty()
                    : Optional.of(Endpoint.of(message.mappedAddress().orElseThrow()));
        } catch (IllegalArgumentException e) {
            return;
        }
        synchronized (this) {
            byTransaction.remove(pending.transaction);
            byCheck.remove(pending.checkId);
        }
        listener.onAnswer(new CheckAnswer(pending.checkId, from, mapped, conflict));
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = receiver;
        }
        if (running != null) {
            try {
                running.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sockets.forEach(RawUdpSocket::close);
    }
}
