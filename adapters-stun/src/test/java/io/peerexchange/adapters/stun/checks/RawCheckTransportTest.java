package io.peerexchange.adapters.stun.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.adapters.stun.codec.CheckCodec;
import io.peerexchange.adapters.stun.codec.CheckMessage;
import io.peerexchange.adapters.stun.codec.IntegrityKey;
import io.peerexchange.adapters.stun.codec.TransactionId;
import io.peerexchange.ports.CheckAnswer;
import io.peerexchange.ports.CheckListener;
import io.peerexchange.ports.CheckReply;
import io.peerexchange.ports.CheckRequest;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.IceCredentials;
import io.peerexchange.ports.IceRole;
import io.peerexchange.ports.IncomingCheck;
import io.peerexchange.ports.WireGuardFwmark;
import io.peerexchange.testing.env.Require;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two check transports on loopback, each on a "WireGuard port" held by an ordinary UDP socket (as
 * WireGuard holds it), and a hand-driven attacker socket (root: raw sockets).
 */
class RawCheckTransportTest {
    private static final IceCredentials A = IceCredentials.of("aaaaAAAA", "aaaaaaaaaaaaaaaaaaaaaaaa");
    private static final IceCredentials B = IceCredentials.of("bbbbBBBB", "bbbbbbbbbbbbbbbbbbbbbbbb");

    private final Recorder atA = new Recorder(CheckReply.SUCCESS);
    private final Recorder atB = new Recorder(CheckReply.SUCCESS);
    private DatagramSocket wireGuardA;
    private DatagramSocket wireGuardB;
    private RawCheckTransport a;
    private RawCheckTransport b;

    static final class Recorder implements CheckListener {
        final List<CheckAnswer> answers = new CopyOnWriteArrayList<>();
        final List<IncomingCheck> checks = new CopyOnWriteArrayList<>();
        volatile CheckReply reply;

        Recorder(CheckReply reply) {
            this.reply = reply;
        }

        @Override
        public void onAnswer(CheckAnswer answer) {
            answers.add(answer);
        }

        @Override
        public CheckReply onCheck(IncomingCheck check) {
            checks.add(check);
            return reply;
        }
    }

    @BeforeEach
    void start() throws Exception {
        Require.root("check transports use raw sockets, which need CAP_NET_RAW");
    }

    private void startBoth(String loopback) throws Exception {
        InetAddress address = InetAddress.getByName(loopback);
        wireGuardA = new DatagramSocket(new InetSocketAddress(address, 0));
        wireGuardB = new DatagramSocket(new InetSocketAddress(address, 0));
        a = new RawCheckTransport(wireGuardA.getLocalPort(), WireGuardFwmark.NONE);
        b = new RawCheckTransport(wireGuardB.getLocalPort(), WireGuardFwmark.NONE);
        a.start(A, atA);
        b.start(B, atB);
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {a, b, wireGuardA, wireGuardB}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 3_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("within 3 s").isTrue();
    }

    private Endpoint endpointOf(DatagramSocket socket) {
        return Endpoint.of((InetSocketAddress) socket.getLocalSocketAddress());
    }

    private CheckRequest check(long id, boolean useCandidate) {
        return new CheckRequest(
                id, endpointOf(wireGuardB), B, A.ufrag(), 0x6e0001ffL, IceRole.CONTROLLING, 42, useCandidate);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void givenAValidCheck_theOtherSideAnswersFromItsWireGuardPort_andTheAnswerNamesTheCheck(String loopback)
            throws Exception {
        startBoth(loopback);

        a.send(check(7, true));

        waitFor(() -> !atA.answers.isEmpty());
        assertThat(atB.checks).singleElement().satisfies(c -> {
            assertThat(c.from()).isEqualTo(endpointOf(wireGuardA));
            assertThat(c.remoteUfrag()).isEqualTo(A.ufrag());
            assertThat(c.role()).isEqualTo(IceRole.CONTROLLING);
            assertThat(c.tieBreaker()).isEqualTo(42);
            assertThat(c.useCandidate()).isTrue();
            assertThat(c.priority()).isEqualTo(0x6e0001ffL);
        });
        assertThat(atA.answers).singleElement().satisfies(answer -> {
            assertThat(answer.checkId()).isEqualTo(7);
            assertThat(answer.from()).isEqualTo(endpointOf(wireGuardB));
            assertThat(answer.mapped()).contains(endpointOf(wireGuardA));
        });
    }

    @Test
    void givenARoleConflict_theAnswerIs487() throws Exception {
        startBoth("127.0.0.1");
        atB.reply = CheckReply.ROLE_CONFLICT;

        a.send(check(8, false));

        waitFor(() -> !atA.answers.isEmpty());
        assertThat(atA.answers.get(0).roleConflict()).isTrue();
    }

    @Test
    void givenChecksThatAreNotOurs_nothingReachesTheListener_andNothingIsAnswered() throws Exception {
        startBoth("127.0.0.1");
        InetSocketAddress target = (InetSocketAddress) wireGuardB.getLocalSocketAddress();
        try (DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            attacker.setSoTimeout(300);
            IntegrityKey rightKey = IntegrityKey.shortTerm(B.pwdBytes());
            IntegrityKey wrongKey = IntegrityKey.shortTerm("wrongwrongwrongwrongwrong".getBytes());
            byte[][] hostile = {
                // Wrong password.
                CheckCodec.encode(
                        CheckMessage.request(TransactionId.random(), B.ufrag() + ":x", 1, IceRole.CONTROLLED, 1, false),
                        wrongKey),
                // Right password, someone else's ufrag.
                CheckCodec.encode(
                        CheckMessage.request(TransactionId.random(), "cccc:x", 1, IceRole.CONTROLLED, 1, false),
                        rightKey),
                // Our ufrag and nothing after the colon.
                CheckCodec.encode(
                        CheckMessage.request(TransactionId.random(), B.ufrag() + ":", 1, IceRole.CONTROLLED, 1, false),
                        rightKey),
                // An answer to a check never sent.
                CheckCodec.encode(CheckMessage.success(TransactionId.random(), target), rightKey),
            };
            byte[] corrupted = CheckCodec.encode(
                    CheckMessage.request(TransactionId.random(), B.ufrag() + ":x", 1, IceRole.CONTROLLED, 1, false),
                    rightKey);
            corrupted[30] ^= 1;
            for (byte[] datagram : hostile) {
                attacker.send(new DatagramPacket(datagram, datagram.length, target));
            }
            attacker.send(new DatagramPacket(corrupted, corrupted.length, target));

            DatagramPacket reply = new DatagramPacket(new byte[1500], 1500);
            boolean answered = true;
            try {
                attacker.receive(reply);
            } catch (SocketTimeoutException expected) {
                answered = false;
            }
            assertThat(answered).isFalse();
            assertThat(atB.checks).isEmpty();
            assertThat(atB.answers).isEmpty();
        }
    }

    @Test
    void givenAValidCheckFromAnySocket_theAnswerIsNoLargerThanTheCheckPlusItsMappedAddress() throws Exception {
        startBoth("127.0.0.1");
        InetSocketAddress target = (InetSocketAddress) wireGuardB.getLocalSocketAddress();
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            peer.setSoTimeout(2_000);
            byte[] request = CheckCodec.encode(
                    CheckMessage.request(TransactionId.random(), B.ufrag() + ":abcd", 1, IceRole.CONTROLLED, 1, false),
                    IntegrityKey.shortTerm(B.pwdBytes()));
            peer.send(new DatagramPacket(request, request.length, target));

            DatagramPacket reply = new DatagramPacket(new byte[1500], 1500);
            peer.receive(reply);

            assertThat(reply.getLength())
                    .isLessThanOrEqualTo(request.length + RawCheckTransport.XOR_MAPPED_ADDRESS_MAX);
            assertThat(reply.getSocketAddress()).isEqualTo(target);
            assertThat(CheckCodec.decode(reply.getData(), 0, reply.getLength())
                            .integrityValid(IntegrityKey.shortTerm(B.pwdBytes())))
                    .isTrue();
        }
    }

    @Test
    void givenAFlood_onlyTheRateLimitsWorthIsAnswered() throws Exception {
        startBoth("127.0.0.1");
        InetSocketAddress target = (InetSocketAddress) wireGuardB.getLocalSocketAddress();
        int flood = 3 * 2 * RawCheckTransport.MAX_ANSWERS_PER_SECOND;
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            peer.setReceiveBufferSize(1 << 20);
            IntegrityKey key = IntegrityKey.shortTerm(B.pwdBytes());
            for (int i = 0; i < flood; i++) {
                byte[] request = CheckCodec.encode(
                        CheckMessage.request(
                                TransactionId.random(), B.ufrag() + ":abcd", 1, IceRole.CONTROLLED, 1, false),
                        key);
                peer.send(new DatagramPacket(request, request.length, target));
            }
            Thread.sleep(1_000);

            // The burst, plus what the bucket refilled while the flood was read.
            assertThat(atB.checks.size()).isGreaterThan(0).isLessThan(flood / 2);
        }
    }
}
