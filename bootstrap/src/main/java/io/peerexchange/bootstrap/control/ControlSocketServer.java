package io.peerexchange.bootstrap.control;

import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The agent's local control socket (docs/PROTOCOL.md#control-socket): a Unix stream socket, mode
 * {@code 0600}, one JSON request line per connection and one JSON answer line back. Only the agent's
 * own user and root are served: the file mode keeps others out, and the peer's credentials
 * ({@code SO_PEERCRED}) are checked on every connection, so the moment between bind and chmod opens
 * nothing. A client has {@link #REQUEST_TIMEOUT} to send its line and at most {@link #MAX_CLIENTS} are
 * served at once; more are refused at once, so a silent or flooding client never holds up the agent.
 */
public final class ControlSocketServer implements AutoCloseable {
    private static final ComponentLogger LOG = ComponentLogger.of(ControlSocketServer.class, Component.AGENT);
    /** The longest request line, newline included. */
    public static final int MAX_REQUEST_BYTES = 4096;

    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    public static final int MAX_CLIENTS = 4;

    private final Path path;
    private final ControlHandler handler;
    private final ServerSocketChannel server;
    /** The socket's owner, looked up at the first connection: a user lookup maps NSS libraries into the process. */
    private volatile UserPrincipal owner;

    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timeouts;
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlSocketServer(Path path, ControlHandler handler) throws IOException {
        this.path = path;
        this.handler = handler;
        Files.createDirectories(path.getParent());
        removeStale(path);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(path);
            throw e;
        }
        this.workers = new ThreadPoolExecutor(
                0, MAX_CLIENTS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> daemon(r, "peerexchange-control"));
        this.timeouts = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "peerexchange-control-timeout"));
        this.acceptor = daemon(this::acceptLoop, "peerexchange-control-accept");
    }

    /**
     * Binds {@code path} (its directory is created; a stale socket left by a crashed agent is
     * replaced, a live one is not) and starts serving.
     *
     * @throws IOException when the socket cannot be bound, or another agent serves it
     */
    public static ControlSocketServer start(Path path, ControlHandler handler) throws IOException {
        ControlSocketServer server = new ControlSocketServer(path.toAbsolutePath(), Objects.requireNonNull(handler));
        server.acceptor.start();
        LOG.atInfo().addKeyValue("path", server.path).log("control socket listening");
        return server;
    }

    public Path path() {
        return path;
    }

    private static void removeStale(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .isOther()) {
            throw new IOException(path + " exists and is not a socket");
        }
        boolean live;
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            live = true;
        } catch (IOException e) {
            live = false;
        }
        if (live) {
            throw new IOException("another agent serves the control socket " + path);
        }
        Files.delete(path);
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.atWarn().addKeyValue("error", e.getMessage()).log("control socket accept failed");
                continue;
            }
            if (!allowed(client)) {
                closeQuietly(client);
                continue;
            }
            try {
                workers.execute(() -> serve(client));
            } catch (RejectedExecutionException e) {
                // Every worker is busy: answer at once (the line fits the socket buffer) and hang up.
                reply(client, error("busy: " + MAX_CLIENTS + " requests in progress"));
                closeQuietly(client);
            }
        }
    }

    private boolean allowed(SocketChannel client) {
        try {
            UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (owner == null) {
                owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS);
            }
            if (peer.user().equals(owner) || isRoot(peer.user())) {
                return true;
            }
            LOG.atWarn()
                    .addKeyValue("user", peer.user().getName())
                    .log("control socket client refused: not the agent's user");
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.atWarn().addKeyValue("error", e.getMessage()).log("control socket client refused: credentials unknown");
            return false;
        }
    }

    /** uid 0: the principal's name is what getpwuid(0) says, and only root can make it say "root". */
    private static boolean isRoot(UserPrincipal user) {
        return user.getName().equals("root") || user.getName().equals("0");
    }

    private void serve(SocketChannel client) {
        ScheduledFuture<?> timeout =
                timeouts.schedule(() -> closeQuietly(client), REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            Map<String, Object> answer;
            try {
                answer = answer(readLine(client));
            } catch (ControlException e) {
                answer = error(e.getMessage());
            }
            reply(client, answer);
        } catch (IOException e) {
            // Timed out (closed by the timer) or the client went away: nothing to answer.
            LOG.atDebug().addKeyValue("error", String.valueOf(e.getMessage())).log("control socket client dropped");
        } finally {
            timeout.cancel(false);
            closeQuietly(client);
        }
    }

    private Map<String, Object> answer(String line) throws ControlException {
        ControlRequest request = ControlRequest.parse(line);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", true);
        try {
            answer.putAll(handler.answer(request));
        } catch (RuntimeException e) {
            LOG.atWarn().setCause(e).addKeyValue("request", request.request()).log("control request failed");
            throw new ControlException("internal error answering " + request.request());
        }
        return answer;
    }

    /** Reads up to the first newline; more than {@link #MAX_REQUEST_BYTES} without one is refused. */
    static String readLine(SocketChannel client) throws IOException, ControlException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(512);
        while (true) {
            buffer.clear();
            int n = client.read(buffer);
            if (n < 0) {
                if (line.size() == 0) {
                    throw new ControlException("malformed request: empty");
                }
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                if (line.size() >= MAX_REQUEST_BYTES - 1) {
                    throw new ControlException("request too large: more than " + MAX_REQUEST_BYTES + " bytes");
                }
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", false);
        answer.put("error", message);
        return answer;
    }

    private static void reply(SocketChannel client, Map<String, Object> answer) {
        ByteBuffer bytes = ByteBuffer.wrap((Json.write(answer) + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                client.write(bytes);
            }
        } catch (IOException e) {
            LOG.atDebug().addKeyValue("error", String.valueOf(e.getMessage())).log("control socket answer not sent");
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket the client already closed: nothing to do.
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Stops serving and removes the socket file. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.atWarn().addKeyValue("error", e.getMessage()).log("control socket close failed");
        }
        workers.shutdownNow();
        timeouts.shutdownNow();
        try {
            acceptor.join(1000);
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.atWarn().addKeyValue("error", e.getMessage()).log("control socket not removed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
