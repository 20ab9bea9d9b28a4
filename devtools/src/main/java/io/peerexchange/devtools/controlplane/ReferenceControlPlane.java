package io.peerexchange.devtools.controlplane;

import com.sun.net.httpserver.HttpServer;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A control plane (docs/PROTOCOL.md#http-calls) for N nodes held in memory, on the JDK HTTP server (plain HTTP: agents
 * need {@code --allow-http}). Run it with
 * {@code java -jar devtools.jar --listen 203.0.113.1:8080 --nodes nodes.json [--signing-key-file key]};
 * it serves until SIGTERM. Its admin API (docs/PROTOCOL.md#reference-control-plane) rotates the
 * signing key, changes the mesh and arms heartbeat answers, so tests can drive an agent through them.
 */
public final class ReferenceControlPlane implements AutoCloseable {
    /** How long agents accept the previous signing key after a rotation that names no transition. */
    public static final Duration DEFAULT_TRANSITION = Duration.ofMinutes(5);

    private static final ComponentLogger LOG = ComponentLogger.of(ReferenceControlPlane.class, Component.CONTROLPLANE);

    private final InetSocketAddress listen;
    private final ControlPlaneState state;
    private final Duration keepAlive;
    private HttpServer server;
    private ExecutorService workers;
    private ScheduledExecutorService timer;

    static {
        // Without TCP_NODELAY every pushed SSE event waits ~40 ms for the client's delayed ACK.
        // The JDK server reads this once, when its first instance is configured.
        System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
    }

    /**
     * @param signer      signs every event when present
     * @param keepAlive   how often open event streams get a comment line
     * @param eventBuffer how many events per node are kept for {@code Last-Event-ID} replay
     */
    public ReferenceControlPlane(
            InetSocketAddress listen,
            List<NodeDefinition> nodes,
            Optional<EventSigner> signer,
            Duration keepAlive,
            int eventBuffer) {
        this(listen, nodes, signer, keepAlive, eventBuffer, "id", false, DEFAULT_TRANSITION);
    }

    /**
     * @param peerIdField           the member naming the peer in event payloads: {@code id} or {@code peer_id}
     * @param keylessEndpointEvents {@code peer_endpoint_changed} carries only the peer's id and endpoint
     * @param signingKeyTransition  how long the previous signing key stays valid after a rotation that names no transition
     */
    public ReferenceControlPlane(
            InetSocketAddress listen,
            List<NodeDefinition> nodes,
            Optional<EventSigner> signer,
            Duration keepAlive,
            int eventBuffer,
            String peerIdField,
            boolean keylessEndpointEvents,
            Duration signingKeyTransition) {
        this.listen = Objects.requireNonNull(listen, "listen");
        this.state = new ControlPlaneState(
                nodes,
                signer,
                eventBuffer,
                Clock.systemUTC(),
                new EventFormat(peerIdField, keylessEndpointEvents),
                signingKeyTransition);
        this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
    }

    /** Binds and starts serving. */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        server = HttpServer.create(listen, 64);
        workers = Executors.newCachedThreadPool(daemonThreads("cp-http"));
        server.setExecutor(workers);
        server.createContext("/", new ApiHandler(state));
        server.start();
        timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("cp-keepalive"));
        timer.scheduleAtFixedRate(state::keepAlive, keepAlive.toMillis(), keepAlive.toMillis(), TimeUnit.MILLISECONDS);
        LOG.atInfo().addKeyValue("listen", address().toString()).log("reference control plane listening");
    }

    /** The bound address (the real port when started on port 0). */
    public synchronized InetSocketAddress address() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress();
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        timer.shutdownNow();
        state.closeStreams();
        server.stop(0);
        workers.shutdownNow();
        server = null;
        LOG.atInfo().log("reference control plane stopped");
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        List<NodeDefinition> nodes;
        Optional<EventSigner> signer;
        try {
            options = Options.parse(args);
            nodes = NodeDefinitions.load(options.nodes());
            signer = signer(options);
        } catch (IllegalArgumentException | IOException e) {
            LOG.atError().addKeyValue("error", e.getMessage()).log("cannot start");
            System.exit(2);
            return;
        }
        signer.ifPresent(s -> LOG.atInfo()
                .addKeyValue("signing_public_key", s.publicKeyBase64())
                .log("events are signed"));
        ReferenceControlPlane controlPlane = new ReferenceControlPlane(
                options.listen(),
                nodes,
                signer,
                options.keepAlive(),
                options.eventBuffer(),
                options.peerIdField(),
                options.keylessEndpointEvents(),
                options.signingKeyTransition());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            controlPlane.close();
                            stopped.countDown();
                        },
                        "cp-shutdown"));
        try {
            controlPlane.start();
        } catch (IOException e) {
            LOG.atError()
                    .addKeyValue("listen", options.listen().toString())
                    .addKeyValue("error", e.toString())
                    .log("cannot listen");
            System.exit(1);
        }
        stopped.await();
    }

    private static Optional<EventSigner> signer(Options options) throws IOException {
        if (options.signingKeyFile().isEmpty()) {
            return Optional.empty();
        }
        Path file = options.signingKeyFile().get();
        EventSigner signer;
        if (options.generateSigningKey() && !Files.exists(file)) {
            signer = EventSigner.generate();
            signer.writeSeed(file);
        } else {
            signer = EventSigner.load(file);
        }
        if (options.publicKeyOut().isPresent()) {
            Files.writeString(options.publicKeyOut().get(), signer.publicKeyBase64() + "\n", StandardCharsets.US_ASCII);
        }
        return Optional.of(signer);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
