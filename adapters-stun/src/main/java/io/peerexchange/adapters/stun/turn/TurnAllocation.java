package io.peerexchange.adapters.stun.turn;

import io.peerexchange.adapters.stun.codec.IntegrityKey;
import io.peerexchange.adapters.stun.codec.ReceivedTurn;
import io.peerexchange.adapters.stun.codec.StunClass;
import io.peerexchange.adapters.stun.codec.StunErrorCode;
import io.peerexchange.adapters.stun.codec.TransactionId;
import io.peerexchange.adapters.stun.codec.TurnCodec;
import io.peerexchange.adapters.stun.codec.TurnMessage;
import io.peerexchange.adapters.stun.codec.TurnMethod;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One allocation on one TURN server, over one UDP socket connected to it (the allocation is bound
 * to that 5-tuple). Requests are sent by the caller's thread; their answers, like all traffic on
 * the socket, are read by the {@link RelayProxy}'s thread and handed over through
 * {@link #onControl}. The long-term key is learned from the server's 401 challenge (realm, nonce)
 * and a stale nonce (438) is taken and the request sent again, once each.
 */
final class TurnAllocation implements AutoCloseable {
    /** RFC 8489 §6.2.1's initial RTO for UDP; each retransmission doubles it. */
    static final Duration INITIAL_RTO = Duration.ofMillis(500);
    /** One transaction gives up after this (transmissions at 0, 0.5, 1.5 and 3.5 s). */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofMillis(5_000);
    /** What we ask for; the server may grant less. */
    static final int REQUESTED_LIFETIME_SECONDS = 600;
    /** How long the lifetime-0 Refresh of a stop may take. */
    static final Duration RELEASE_TIMEOUT = Duration.ofMillis(1_000);

    private static final int UNAUTHORIZED = 401;
    private static final int STALE_NONCE = 438;
    private static final int QUOTA_REACHED = 486;

    private final InetSocketAddress server;
    private final TurnCredentials credentials;
    private final DatagramChannel channel;
    private final Map<TransactionId, CompletableFuture<ReceivedTurn>> pending = new ConcurrentHashMap<>();
    private volatile boolean garbageSeen;
    private volatile IOException socketFailure;

    private TurnCredentials.Login login;
    private IntegrityKey key;
    private String realm;
    private String nonce;
    private volatile InetSocketAddress relayed;
    private volatile InetSocketAddress mapped;
    private volatile int lifetimeSeconds;

    TurnAllocation(InetSocketAddress server, TurnCredentials credentials) throws IOException {
        this.server = Objects.requireNonNull(server, "server");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.channel = DatagramChannel.open(
                server.getAddress() instanceof java.net.Inet6Address
                        ? StandardProtocolFamily.INET6
                        : StandardProtocolFamily.INET);
        channel.connect(server);
        channel.configureBlocking(false);
    }

    InetSocketAddress server() {
        return server;
    }

    DatagramChannel channel() {
        return channel;
    }

    /** The relayed transport address, once allocated: our {@code relay} candidate. */
    InetSocketAddress relayed() {
        return relayed;
    }

    /** Where the server saw our requests come from. */
    InetSocketAddress mapped() {
        return mapped;
    }

    int lifetimeSeconds() {
        return lifetimeSeconds;
    }

    /** Allocate with REQUESTED-TRANSPORT UDP in the server's address family. */
    void allocate() throws TurnException, InterruptedException {
        login = credentials.login();
        int family = server.getAddress() instanceof java.net.Inet6Address
                ? TurnMessage.FAMILY_IPV6
                : TurnMessage.FAMILY_IPV4;
        TurnMessage.Builder request =
                TurnMessage.request(TurnMethod.ALLOCATE).udp().lifetime(REQUESTED_LIFETIME_SECONDS);
        if (family == TurnMessage.FAMILY_IPV6) {
            request.family(family);
        }
        TurnMessage answer = transact(request.build());
        relayed = answer.relayedAddress()
                .orElseThrow(() -> new TurnException(
                        TurnException.Reason.GARBAGE, "Allocate success without XOR-RELAYED-ADDRESS from " + server));
        mapped = answer.mappedAddress().orElse(null);
        lifetimeSeconds = answer.lifetime().orElse(REQUESTED_LIFETIME_SECONDS);
    }

    /** Refresh with {@code seconds} of lifetime; 0 deletes the allocation. */
    void refresh(int seconds) throws TurnException, InterruptedException {
        TurnMessage answer = transact(
                TurnMessage.request(TurnMethod.REFRESH).lifetime(seconds).build());
        lifetimeSeconds = answer.lifetime().orElse(seconds);
    }

    /** Refresh with lifetime 0, waiting at most {@link #RELEASE_TIMEOUT}: a stop must not wait for a dead server. */
    void release() throws TurnException, InterruptedException {
        transact(TurnMessage.request(TurnMethod.REFRESH).lifetime(0).build(), RELEASE_TIMEOUT);
    }

    /** CreatePermission for these peer addresses (the port does not matter, RFC 8656 §9). */
    void permit(Collection<InetAddress> peers) throws TurnException, InterruptedException {
        TurnMessage.Builder request = TurnMessage.request(TurnMethod.CREATE_PERMISSION);
        for (InetAddress peer : peers) {
            request.peer(new InetSocketAddress(peer, 1));
        }
        transact(request.build());
    }

    /** ChannelBind {@code number} to {@code peer}; it also installs or refreshes the peer's permission. */
    void bind(InetSocketAddress peer, int number) throws TurnException, InterruptedException {
        transact(TurnMessage.request(TurnMethod.CHANNEL_BIND)
                .channel(number)
                .peer(peer)
                .build());
    }

    /**
     * One request and its success answer: the unauthenticated first try learns realm and nonce
     * from the 401, a 438 brings a fresh nonce, and each is answered by sending the request again.
     */
    private TurnMessage transact(TurnMessage request) throws TurnException, InterruptedException {
        return transact(request, TRANSACTION_TIMEOUT);
    }

    private TurnMessage transact(TurnMessage request, Duration timeout) throws TurnException, InterruptedException {
        boolean challenged = false;
        boolean staleRetried = false;
        while (true) {
            TurnMessage signed = key == null ? request : request.withCredentials(login.username(), realm, nonce);
            ReceivedTurn received = exchange(signed, timeout);
            TurnMessage answer = received.message();
            if (answer.messageClass() == StunClass.SUCCESS) {
                if (key != null && !received.integrityValid(key)) {
                    throw new TurnException(
                            TurnException.Reason.GARBAGE,
                            answer.method() + " success from " + server + " fails MESSAGE-INTEGRITY");
                }
                return answer;
            }
            StunErrorCode error = answer.error().orElseThrow();
            if (error.code() == UNAUTHORIZED && key == null && !challenged && challenge(answer)) {
                challenged = true;
                continue;
            }
            if (error.code() == STALE_NONCE
                    && key != null
                    && !staleRetried
                    && answer.nonce().isPresent()) {
                staleRetried = true;
                nonce = answer.nonce().get();
                answer.realm().ifPresent(this::takeRealm);
                continue;
            }
            throw refusal(request.method(), error);
        }
    }

    private boolean challenge(TurnMessage answer) {
        if (answer.realm().isEmpty() || answer.nonce().isEmpty()) {
            return false;
        }
        nonce = answer.nonce().get();
        takeRealm(answer.realm().get());
        return true;
    }

    private void takeRealm(String newRealm) {
        if (!newRealm.equals(realm)) {
            realm = newRealm;
            key = IntegrityKey.longTerm(login.username(), realm, login.password());
        }
    }

    private TurnException refusal(TurnMethod method, StunErrorCode error) {
        TurnException.Reason reason = switch (error.code()) {
            case UNAUTHORIZED -> TurnException.Reason.UNAUTHORIZED;
            case QUOTA_REACHED -> TurnException.Reason.QUOTA;
            default -> TurnException.Reason.REFUSED;
        };
        String what = switch (reason) {
            case UNAUTHORIZED -> "rejected the credentials";
            case QUOTA -> "has no allocation left for this user";
            default -> "refused";
        };
        return new TurnException(reason, server + " " + what + ": " + method + " answered " + error);
    }

    /** Sends and retransmits until the answer to this transaction arrives or the timeout passes. */
    private ReceivedTurn exchange(TurnMessage message, Duration timeout) throws TurnException, InterruptedException {
        byte[] wire = TurnCodec.encode(message, key);
        CompletableFuture<ReceivedTurn> answer = new CompletableFuture<>();
        pending.put(message.transactionId(), answer);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            long rto = INITIAL_RTO.toNanos();
            while (true) {
                send(wire);
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    return answer.get(Math.min(rto, left), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    rto *= 2;
                } catch (ExecutionException e) {
                    throw unreachable(
                            e.getCause() == null ? e.getMessage() : e.getCause().toString());
                }
                if (deadline - System.nanoTime() <= 0) {
                    break;
                }
            }
        } finally {
            pending.remove(message.transactionId());
        }
        if (garbageSeen) {
            throw new TurnException(
                    TurnException.Reason.GARBAGE,
                    server + " answered " + message.method() + " with datagrams that are not TURN, for "
                            + timeout.toMillis() + " ms");
        }
        throw unreachable("no answer to " + message.method() + " within " + timeout.toMillis() + " ms");
    }

    private TurnException unreachable(String why) {
        return new TurnException(TurnException.Reason.UNREACHABLE, server + " is unreachable: " + why);
    }

    private void send(byte[] wire) throws TurnException {
        IOException failure = socketFailure;
        if (failure != null) {
            throw unreachable(failure.toString());
        }
        try {
            channel.write(ByteBuffer.wrap(wire));
        } catch (IOException e) {
            throw unreachable(e.toString());
        }
    }

    /** A STUN datagram from the server, on the proxy's thread: the answer of a pending transaction, or ignored. */
    void onControl(byte[] data, int length) {
        ReceivedTurn received;
        try {
            received = TurnCodec.decode(data, 0, length);
        } catch (io.peerexchange.adapters.stun.codec.StunDecodeException e) {
            garbageSeen = true;
            return;
        }
        TurnMessage message = received.message();
        if (message.messageClass() == StunClass.SUCCESS || message.messageClass() == StunClass.ERROR) {
            CompletableFuture<ReceivedTurn> waiter = pending.get(message.transactionId());
            if (waiter != null) {
                waiter.complete(received);
            }
        }
    }

    /** Datagrams that are neither STUN nor ChannelData. */
    void onGarbage() {
        garbageSeen = true;
    }

    /** The socket failed (e.g. ICMP port unreachable): every waiting request fails now. */
    void onSocketFailure(IOException failure) {
        socketFailure = failure;
        pending.values().forEach(f -> f.completeExceptionally(failure));
    }

    /** Clears a socket failure before a new attempt on the same server. */
    void clearFailure() {
        socketFailure = null;
        garbageSeen = false;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
