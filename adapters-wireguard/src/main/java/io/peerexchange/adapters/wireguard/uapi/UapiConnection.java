package io.peerexchange.adapters.wireguard.uapi;

import io.peerexchange.ports.PeerUpdateException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One request and its answer over a fresh connection, closed afterwards (also after any error: a set
 * that failed half-way leaves the stream in an unknown state). Non-blocking with a selector so that a
 * stalled peer process times out and an interrupt ends the wait at once.
 */
final class UapiConnection {
    /** Far above 100,000 peers' worth of get answer; stops a runaway stream. */
    static final int MAX_ANSWER_BYTES = 64 << 20;

    private final Path socket;
    private final Duration idleTimeout;

    UapiConnection(Path socket, Duration idleTimeout) {
        this.socket = socket;
        this.idleTimeout = idleTimeout;
    }

    /**
     * Sends the request and returns the answer's lines up to and including the {@code errno=} line
     * (the empty line that ends it is dropped).
     */
    List<String> exchange(String request) throws PeerUpdateException {
        try (SocketChannel channel = connect();
                Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                await(selector);
                channel.write(out);
            }
            key.interestOps(SelectionKey.OP_READ);
            return readAnswer(channel, selector);
        } catch (IOException e) {
            throw new PeerUpdateException("UAPI socket " + socket + " failed: " + e.getMessage(), e);
        }
    }

    private SocketChannel connect() throws PeerUpdateException {
        if (!Files.exists(socket)) {
            throw new PeerUpdateException(
                    "no UAPI socket at " + socket + ": is wireguard-go running for this interface?");
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            String message = String.valueOf(e.getMessage());
            if (message.contains("Permission denied") || message.contains("Operation not permitted")) {
                throw new PeerUpdateException(
                        "permission denied on UAPI socket " + socket
                                + ": it is owner-only, run as the user that started wireguard-go (usually root)",
                        e);
            }
            if (message.contains("Connection refused")) {
                throw new PeerUpdateException(
                        "nothing listens on UAPI socket " + socket
                                + ": wireguard-go is not running (a stale socket file was left behind)",
                        e);
            }
            if (!Files.exists(socket)) {
                throw new PeerUpdateException(
                        "no UAPI socket at " + socket + ": is wireguard-go running for this interface?", e);
            }
            throw new PeerUpdateException("cannot connect to UAPI socket " + socket + ": " + message, e);
        }
    }

    private List<String> readAnswer(SocketChannel channel, Selector selector) throws IOException, PeerUpdateException {
        List<String> lines = new ArrayList<>();
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        StringBuilder line = new StringBuilder(96);
        long total = 0;
        boolean errnoLine = false;
        while (true) {
            await(selector);
            int n = channel.read(in);
            if (n < 0) {
                throw new PeerUpdateException(
                        "UAPI socket " + socket + " closed the connection before the answer was complete");
            }
            total += n;
            if (total > MAX_ANSWER_BYTES) {
                throw new PeerUpdateException(
                        "UAPI answer from " + socket + " exceeds " + (MAX_ANSWER_BYTES >> 20) + " MiB");
            }
            in.flip();
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b != '\n') {
                    line.append((char) (b & 0xff));
                    continue;
                }
                if (line.length() == 0) {
                    if (errnoLine) {
                        return lines;
                    }
                    throw new PeerUpdateException("malformed UAPI answer from " + socket + ": empty line before errno");
                }
                String text = line.toString();
                line.setLength(0);
                lines.add(text);
                errnoLine = text.startsWith("errno=");
            }
            in.clear();
        }
    }

    private void await(Selector selector) throws IOException, PeerUpdateException {
        int ready = selector.select(idleTimeout.toMillis());
        if (Thread.currentThread().isInterrupted()) {
            // The port declares no InterruptedException: end at once and leave the flag for the caller.
            throw new PeerUpdateException("interrupted while talking to UAPI socket " + socket);
        }
        if (ready == 0) {
            throw new PeerUpdateException(
                    "UAPI socket " + socket + " made no progress for " + idleTimeout.toMillis() + " ms");
        }
        selector.selectedKeys().clear();
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing useful to do: the connection is being abandoned anyway.
            }
        }
    }
}
