package io.peerexchange.adapters.controlplane;

import io.peerexchange.adapters.controlplane.http.AuthorizationHeader;
import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.adapters.controlplane.http.CappedInputStream;
import io.peerexchange.adapters.controlplane.http.ControlPlaneSettings;
import io.peerexchange.adapters.controlplane.http.ErrorMapping;
import io.peerexchange.adapters.controlplane.http.Exchanges;
import io.peerexchange.adapters.controlplane.http.HttpClients5;
import io.peerexchange.adapters.controlplane.http.InFlight;
import io.peerexchange.adapters.controlplane.http.ProtocolPaths;
import io.peerexchange.adapters.controlplane.http.ResponseTooLargeException;
import io.peerexchange.adapters.controlplane.json.MalformedJsonException;
import io.peerexchange.adapters.controlplane.json.NodeState;
import io.peerexchange.adapters.controlplane.json.SigningKeys;
import io.peerexchange.adapters.controlplane.json.WireJson;
import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.ControlPlaneException.Kind;
import io.peerexchange.ports.EndpointReport;
import io.peerexchange.ports.EndpointReporter;
import io.peerexchange.ports.EndpointResponse;
import io.peerexchange.ports.Heartbeat;
import io.peerexchange.ports.HeartbeatResponse;
import io.peerexchange.ports.HeartbeatSender;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.PeerLister;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;

/**
 * The request/response calls of the control-plane protocol (docs/PROTOCOL.md#http-calls) on HttpClient 5.
 *
 * <p>The classic client blocks in socket reads that ignore interruption, so each call runs on a
 * worker thread while the caller waits on a {@link Future}: an interrupt or the 30 s deadline
 * aborts the request (its connection is closed, never drained) and the caller returns at once.
 */
public final class HttpControlPlane implements EndpointReporter, PeerLister, HeartbeatSender, AutoCloseable {
    private static final ComponentLogger LOG = ComponentLogger.of(HttpControlPlane.class, Component.CONTROLPLANE);

    /** Answers above this are rejected; 100,000 peers with keys and PSKs fit (about 20 MB). */
    public static final long DEFAULT_MAX_ANSWER_BYTES = 32L << 20;

    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final int GZIP_REQUEST_ABOVE = 1024;
    private static final int MAX_CONNECTIONS = 4;

    private final List<Consumer<SigningKeys>> signingKeyListeners = new CopyOnWriteArrayList<>();
    private final ControlPlaneSettings settings;
    private final BearerToken token;
    private final long maxAnswerBytes;
    private final Duration requestTimeout;
    private final Clock clock;
    private final HttpClients5.Client client;
    private final ThreadPoolExecutor workers;
    private volatile boolean closed;

    public HttpControlPlane(ControlPlaneSettings settings, BearerToken token) {
        this(settings, token, DEFAULT_MAX_ANSWER_BYTES, REQUEST_TIMEOUT, Clock.systemUTC());
    }

    HttpControlPlane(
            ControlPlaneSettings settings,
            BearerToken token,
            long maxAnswerBytes,
            Duration requestTimeout,
            Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.token = Objects.requireNonNull(token, "token");
        this.maxAnswerBytes = maxAnswerBytes;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
        this.client = HttpClients5.build(settings, MAX_CONNECTIONS, HttpClients5.CONNECT_TIMEOUT, requestTimeout, true);
        this.workers = new ThreadPoolExecutor(
                0,
                4 * MAX_CONNECTIONS,
                30,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                new DaemonThreads("controlplane-call"));
    }

    @Override
    public EndpointResponse reportEndpoint(NodeId nodeId, EndpointReport report)
            throws ControlPlaneException, InterruptedException {
        return call(
                "PUT",
                ProtocolPaths.ofNode(nodeId, "endpoint"),
                WireJson.endpointReport(report),
                WireJson::endpointResponse);
    }

    /**
     * The node state's peers. Its {@code signing_keys}, when present, go to the listeners registered with
     * {@link #onSigningKeys} (the event verifier).
     */
    @Override
    public List<Peer> listPeers(NodeId nodeId) throws ControlPlaneException, InterruptedException {
        NodeState state = call("GET", ProtocolPaths.ofNode(nodeId, "state"), null, WireJson::fullNodeState);
        state.signingKeys().ifPresent(keys -> {
            for (Consumer<SigningKeys> listener : signingKeyListeners) {
                try {
                    listener.accept(keys);
                } catch (IllegalArgumentException e) {
                    LOG.atWarn()
                            .addKeyValue("error", e.getMessage())
                            .log("ignoring invalid signing_keys in the node state");
                }
            }
        });
        return state.peers();
    }

    /** Called with the node state's {@code signing_keys} each time the state carries them. */
    public void onSigningKeys(Consumer<SigningKeys> listener) {
        signingKeyListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public HeartbeatResponse sendHeartbeat(Heartbeat heartbeat) throws ControlPlaneException, InterruptedException {
        return call(
                "POST",
                ProtocolPaths.ofNode(heartbeat.nodeId(), "heartbeat"),
                WireJson.heartbeat(heartbeat),
                WireJson::heartbeatResponse);
    }

    /** Closes every connection at once; calls in flight fail. */
    @Override
    public void close() {
        closed = true;
        workers.shutdownNow();
        client.http().close(CloseMode.IMMEDIATE);
    }

    PoolStats poolStats() {
        return client.pool().getTotalStats();
    }

    @FunctionalInterface
    interface AnswerReader<T> {
        T read(InputStream body) throws IOException, MalformedJsonException;
    }

    private <T> T call(String method, String path, byte[] body, AnswerReader<T> reader)
            throws ControlPlaneException, InterruptedException {
        String name = method + " " + path;
        if (closed) {
            throw new ControlPlaneException(Kind.NETWORK, name + " failed: the control-plane client is closed", null);
        }
        Supplier<HttpUriRequestBase> requests = () -> {
            HttpUriRequestBase request = new HttpUriRequestBase(method, settings.resolve(path));
            request.addHeader(new AuthorizationHeader(token));
            request.addHeader(HttpHeaders.ACCEPT, "application/json");
            if (body != null) {
                request.setEntity(
                        body.length > GZIP_REQUEST_ABOVE
                                ? new ByteArrayEntity(gzip(body), ContentType.APPLICATION_JSON, "gzip")
                                : new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
            }
            return request;
        };
        InFlight current = new InFlight();
        Future<T> result;
        try {
            result = workers.submit(() -> exchangeOnceMore(name, method, requests, current, reader));
        } catch (RejectedExecutionException e) {
            throw new ControlPlaneException(
                    Kind.NETWORK, name + " failed: too many calls in flight or client closed", e);
        }
        try {
            return result.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            current.abort(result);
            throw e;
        } catch (TimeoutException e) {
            current.abort(result);
            throw new ControlPlaneException(
                    Kind.NETWORK,
                    name + " failed: no complete answer within " + requestTimeout.toSeconds() + " s",
                    null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ControlPlaneException failure) {
                throw failure;
            }
            throw new ControlPlaneException(Kind.NETWORK, name + " failed: " + cause, cause);
        }
    }

    /**
     * One exchange, and for the idempotent calls (GET, PUT) one more on a fresh connection when the
     * first got no answer at all. A pooled connection that a NAT or a flushed conntrack table has
     * silently killed fails exactly that way, and waiting a whole refresh interval to report a changed
     * endpoint because of it would keep peers on a dead path. Everything else is left to the caller's
     * loop, as HttpClient's own retries are off.
     */
    private <T> T exchangeOnceMore(
            String name, String method, Supplier<HttpUriRequestBase> requests, InFlight current, AnswerReader<T> reader)
            throws ControlPlaneException {
        HttpUriRequestBase first = requests.get();
        current.start(first);
        try {
            return exchange(name, first, reader);
        } catch (NoAnswerException e) {
            if ("POST".equals(method) || closed || current.aborted()) {
                throw e;
            }
            LOG.atDebug()
                    .addKeyValue("call", name)
                    .addKeyValue("error", e.getMessage())
                    .log("no answer; trying once more on a new connection");
            // Every idle pooled connection died with it (a flushed conntrack table kills them all): close
            // them, so the retry opens a fresh one instead of leasing the next dead one.
            client.pool().closeIdle(TimeValue.ZERO_MILLISECONDS);
            HttpUriRequestBase second = requests.get();
            current.start(second);
            return exchange(name, second, reader);
        }
    }

    private <T> T exchange(String name, HttpUriRequestBase request, AnswerReader<T> reader)
            throws ControlPlaneException {
        boolean reusable = false;
        ClassicHttpResponse response = null;
        try {
            response = client.http().executeOpen(null, request, null);
            int status = response.getCode();
            LOG.atDebug()
                    .addKeyValue("call", name)
                    .addKeyValue("status", status)
                    .log("control-plane answer");
            if (status < 200 || status > 299) {
                throw ErrorMapping.forStatus(name, response, clock);
            }
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                throw protocol(name, "empty answer");
            }
            if (entity.getContentLength() > maxAnswerBytes) {
                throw protocol(
                        name, "answer of " + entity.getContentLength() + " bytes exceeds the cap of " + maxAnswerBytes);
            }
            T value;
            try (InputStream in = new CappedInputStream(entity.getContent(), maxAnswerBytes)) {
                value = reader.read(in);
            }
            reusable = true;
            return value;
        } catch (ResponseTooLargeException e) {
            throw protocol(name, e.getMessage());
        } catch (MalformedJsonException e) {
            throw protocol(name, e.getMessage());
        } catch (IOException e) {
            if (response == null) {
                throw new NoAnswerException(name + " failed: " + e, e);
            }
            throw new ControlPlaneException(Kind.NETWORK, name + " failed: " + e, e);
        } finally {
            if (reusable) {
                Exchanges.closeQuietly(response);
            } else {
                // Closing the response would read the rest of the body to reuse the connection: abort instead.
                Exchanges.abort(request, response);
            }
        }
    }

    private static ControlPlaneException protocol(String name, String detail) {
        return new ControlPlaneException(Kind.PROTOCOL, name + " failed: " + detail, null);
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new IllegalStateException("gzip into memory failed", e);
        }
        return out.toByteArray();
    }
}
