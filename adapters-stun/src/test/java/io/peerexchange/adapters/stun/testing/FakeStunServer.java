package io.peerexchange.adapters.stun.testing;

import io.peerexchange.adapters.stun.codec.StunCodec;
import io.peerexchange.adapters.stun.codec.StunErrorCode;
import io.peerexchange.adapters.stun.codec.StunMessage;
import io.peerexchange.adapters.stun.codec.TransactionId;
import io.peerexchange.ports.StunServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A scriptable STUN "server" on loopback for the ways real servers go wrong: each request is
 * handed to a {@link Behaviour} that may answer from the server's address, from another address,
 * with anything at all, or not at all.
 */
public final class FakeStunServer implements AutoCloseable {

    /** Decides what to do with the {@code n}-th request (0-based). */
    @FunctionalInterface
    public interface Behaviour {
        void onRequest(Request request, Responder responder) throws IOException;
    }

    /** A request as it arrived: its index, transaction id, sender and arrival time. */
    public record Request(int index, TransactionId transactionId, InetSocketAddress client, long arrivalNanos) {}

    /** Sends datagrams back to the client of one request. */
    public interface Responder {
        void reply(byte[] datagram) throws IOException;

        /** Sends from a second socket: same IP, other port, i.e. not the server's address. */
        void replyFromOtherAddress(byte[] datagram) throws IOException;
    }

    private final DatagramSocket socket;
    private final DatagramSocket other;
    private final Behaviour behaviour;
    private final List<Request> requests = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private FakeStunServer(InetAddress address, Behaviour behaviour) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(address, 0));
        this.other = new DatagramSocket(new InetSocketAddress(address, 0));
        this.behaviour = behaviour;
        this.socket.setSoTimeout(100);
        this.thread = new Thread(this::serve, "fake-stun-" + socket.getLocalPort());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public static FakeStunServer start(InetAddress address, Behaviour behaviour) throws SocketException {
        return new FakeStunServer(address, behaviour);
    }

    public StunServer server() {
        return new StunServer(socket.getLocalAddress().getHostAddress(), socket.getLocalPort());
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** A success answer to {@code request} claiming {@code mapped}. */
    public static byte[] success(Request request, InetSocketAddress mapped) {
        return StunCodec.encode(StunMessage.bindingSuccess(request.transactionId(), mapped));
    }

    /** A success answer that reflects the client's own address, as a server without NAT in between would. */
    public static byte[] reflect(Request request) {
        return success(request, request.client());
    }

    public static byte[] error(Request request, int code, String reason) {
        return StunCodec.encode(StunMessage.bindingError(request.transactionId(), new StunErrorCode(code, reason)));
    }

    private void serve() {
        byte[] buffer = new byte[2048];
        while (running) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            if (packet.getLength() < 20) {
                continue;
            }
            InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
            Request request;
            synchronized (this) {
                request = new Request(
                        requests.size(),
                        TransactionId.of(Arrays.copyOfRange(buffer, 8, 20)),
                        client,
                        System.nanoTime());
                requests.add(request);
            }
            try {
                behaviour.onRequest(request, new Responder() {
                    @Override
                    public void reply(byte[] datagram) throws IOException {
                        socket.send(new DatagramPacket(datagram, datagram.length, client));
                    }

                    @Override
                    public void replyFromOtherAddress(byte[] datagram) throws IOException {
                        other.send(new DatagramPacket(datagram, datagram.length, client));
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(2000);
        socket.close();
        other.close();
    }
}
