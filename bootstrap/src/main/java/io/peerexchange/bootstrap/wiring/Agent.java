package io.peerexchange.bootstrap.wiring;

import io.peerexchange.adapters.controlplane.HttpControlPlane;
import io.peerexchange.adapters.controlplane.events.SseEventStream;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.ConfigKey;
import io.peerexchange.bootstrap.config.ListenAddress;
import io.peerexchange.bootstrap.config.Version;
import io.peerexchange.bootstrap.control.ControlSocketServer;
import io.peerexchange.bootstrap.metrics.AgentScrape;
import io.peerexchange.bootstrap.metrics.MetricsRegistry;
import io.peerexchange.bootstrap.metrics.MetricsServer;
import io.peerexchange.bootstrap.status.StatusService;
import io.peerexchange.domain.DiscoveryException;
import io.peerexchange.domain.Exchanger;
import io.peerexchange.domain.HeartbeatLoop;
import io.peerexchange.domain.PeerDirectory;
import io.peerexchange.domain.ReportGate;
import io.peerexchange.domain.StallWatch;
import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.ReconcileReason;
import io.peerexchange.ports.ServiceManager;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The running agent: loads the peer directory, subscribes to events, and runs the exchange loop
 * and the heartbeat on their own threads until it is stopped (a signal, a revoked token, a first
 * discovery that finds nothing). Stopping closes everything within {@link #STOP_BUDGET}.
 */
@Singleton
public final class Agent {
    private static final ComponentLogger LOG = ComponentLogger.of(Agent.class, Component.AGENT);
    private static final ComponentLogger EXCHANGE_LOG = ComponentLogger.of(Agent.class, Component.EXCHANGE);
    private static final ComponentLogger CONTROLPLANE_LOG = ComponentLogger.of(Agent.class, Component.CONTROLPLANE);
    public static final Duration STOP_BUDGET = Duration.ofSeconds(5);
    /** How often systemd's STATUS= line is refreshed (when it changed). */
    static final Duration STATUS_INTERVAL = Duration.ofSeconds(10);
    /**
     * How long the first endpoint report waits for the event stream's first attempt to settle: a peer's
     * report after this node's is then heard as an event, and one before it is in this report's answer.
     */
    static final Duration FIRST_STREAM_ATTEMPT_WAIT = Duration.ofSeconds(2);

    private final AgentConfig config;
    private final NodeId nodeId;
    private final Exchanger exchanger;
    private final HeartbeatLoop heartbeat;
    private final PeerDirectory directory;
    private final SseEventStream events;
    private final HttpControlPlane controlPlane;
    private final TokenReloader tokens;
    private final StatusService status;
    private final ServiceManager serviceManager;
    private final MetricsRegistry metrics;
    private volatile MetricsServer metricsServer;
    private volatile ControlSocketServer control;
    private final ConnectivityChecks checks;
    private final StallWatch stallWatch;

    private final CompletableFuture<Integer> outcome = new CompletableFuture<>();
    /** Guards {@link #starting}: once it is cleared, no stop request interrupts the run thread any more. */
    private final Object startLock = new Object();

    private Thread starting;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Thread exchangeThread;
    private volatile Thread heartbeatThread;
    private volatile Thread reconcileThread;
    private volatile Thread stallThread;
    private volatile Thread tokenThread;
    private volatile Thread supervisorThread;

    @Inject
    Agent(
            AgentConfig config,
            Exchanger exchanger,
            HeartbeatLoop heartbeat,
            PeerDirectory directory,
            SseEventStream events,
            HttpControlPlane controlPlane,
            TokenReloader tokens,
            StatusService status,
            ServiceManager serviceManager,
            MetricsRegistry metrics,
            ConnectivityChecks checks,
            StallWatch stallWatch) {
        this.config = config;
        this.nodeId = config.requiredNodeId();
        this.exchanger = exchanger;
        this.heartbeat = heartbeat;
        this.directory = directory;
        this.events = events;
        this.controlPlane = controlPlane;
        this.tokens = tokens;
        this.status = status;
        this.serviceManager = serviceManager;
        this.metrics = metrics;
        this.checks = checks;
        this.stallWatch = stallWatch;
    }

    /**
     * Starts everything and blocks until the agent is stopped, then shuts down.
     *
     * @return the exit code: 0 after {@link #requestStop}(0), 1 after a runtime failure
     */
    public int run() {
        setStarting(Thread.currentThread());
        try {
            LOG.atInfo()
                    .addKeyValue("node_id", nodeId)
                    .addKeyValue("version", Version.value())
                    .addKeyValue("interface", config.interfaceName())
                    .addKeyValue("listen_port", config.listenPort())
                    .addKeyValue("nat_enabled", config.natEnabled())
                    .log("agent starting");
            checks.start();
            // The first discovery runs beside the node-state read and the event stream's connection; its
            // report waits for both (ReportGate), so a peer starting at the same moment learns this
            // endpoint one round trip sooner, and the report's answer meets a loaded directory.
            CountDownLatch streamStarted = new CountDownLatch(1);
            exchangeThread = start(
                    "peerexchange-exchange",
                    () -> runExchange(() -> {
                        streamStarted.await();
                        events.awaitFirstAttempt(FIRST_STREAM_ATTEMPT_WAIT);
                    }));
            loadDirectory();
            if (!outcome.isDone()) {
                exchanger.registerHandlers(new CountingEventSubscriptions(events, metrics));
                events.onAuthFailure(this::onAuthFailure);
                events.start();
                streamStarted.countDown();
                control = openControlSocket();
                metricsServer = openMetrics();
                heartbeatThread = start("peerexchange-heartbeat", this::runHeartbeat);
                reconcileThread = start("peerexchange-reconcile", this::runReconcile);
                if (config.natEnabled()) {
                    stallThread = start("peerexchange-stall", this::runStallWatch);
                }
                if (tokens.watchesAFile()) {
                    tokenThread = start("peerexchange-token", this::runTokenChecks);
                }
                if (serviceManager != ServiceManager.NONE) {
                    // Only under systemd: elsewhere nobody reads the status line or expects pings.
                    serviceManager.ready(status.summary());
                    supervisorThread = start("peerexchange-supervisor", this::runSupervisorPings);
                }
            }
            setStarting(null);
            return outcome.get();
        } catch (InterruptedException e) {
            // requestStop() interrupts a start-up that is still waiting on the control plane.
            return outcome.getNow(0);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            setStarting(null);
            // A stop request that interrupted the start-up is answered; shutdown's joins must not see it.
            Thread.interrupted();
            shutdown();
        }
    }

    /**
     * Asks the agent to stop with {@code exitCode} (the first request wins) and returns the exit
     * code that will be used. Callable from any thread, a shutdown hook included.
     */
    public int requestStop(int exitCode) {
        outcome.complete(exitCode);
        synchronized (startLock) {
            if (starting != null) {
                starting.interrupt();
            }
        }
        return outcome.getNow(exitCode);
    }

    private void setStarting(Thread thread) {
        synchronized (startLock) {
            starting = thread;
        }
    }

    /** Waits until {@link #run} has shut everything down. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The first reconcile: the node state's keys go to the directory and its endpoints to WireGuard. */
    private void loadDirectory() throws InterruptedException {
        try {
            exchanger.reconciler().reconcileNow(ReconcileReason.START);
            EXCHANGE_LOG.atInfo().addKeyValue("peers", directory.size()).log("peer directory loaded");
        } catch (ControlPlaneException e) {
            CONTROLPLANE_LOG
                    .atWarn()
                    .addKeyValue("error", e.getMessage())
                    .addKeyValue("kind", e.kind())
                    .log("node state not loaded; continuing, peers are learned from events and reports");
        }
    }

    /**
     * The control socket is the operator's window, not the agent's job: when it cannot be served (a
     * second agent on the same path, no right to create its directory) the agent runs without it.
     */
    private ControlSocketServer openControlSocket() {
        try {
            return ControlSocketServer.start(config.controlSocket(), status);
        } catch (IOException | RuntimeException e) {
            LOG.atWarn()
                    .addKeyValue("path", config.controlSocket())
                    .addKeyValue("error", e.getMessage())
                    .log("control socket not served; status is unavailable");
            return null;
        }
    }

    /** The operator asked for metrics: an address that cannot be bound stops the agent (exit 1). */
    private MetricsServer openMetrics() {
        Optional<ListenAddress> listen = config.find(ConfigKey.METRICS_LISTEN, ListenAddress.class);
        if (listen.isEmpty()) {
            return null;
        }
        try {
            return MetricsServer.start(
                    listen.get(),
                    config.value(ConfigKey.METRICS_ALLOW_REMOTE, Boolean.class),
                    new AgentScrape(metrics, events, status));
        } catch (IOException | RuntimeException e) {
            fail("metrics endpoint " + listen.get() + " not served: " + e.getMessage());
            return null;
        }
    }

    private void runExchange(ReportGate firstReport) {
        try {
            exchanger.run(nodeId, firstReport);
        } catch (DiscoveryException e) {
            fail("first discovery failed: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.atError().setCause(e).log("exchange loop failed");
            requestStop(1);
        }
    }

    private void runReconcile() {
        try {
            exchanger.reconciler().run(config.value(ConfigKey.RECONCILE_INTERVAL, Duration.class));
        } catch (InterruptedException e) {
            // Stopping: the interrupt is the signal.
        } catch (RuntimeException e) {
            LOG.atError().setCause(e).log("reconcile loop failed");
            requestStop(1);
        }
    }

    private void runStallWatch() {
        try {
            stallWatch.run();
        } catch (InterruptedException e) {
            // Stopping: the interrupt is the signal.
        } catch (RuntimeException e) {
            LOG.atError().setCause(e).log("stall watch failed");
            requestStop(1);
        }
    }

    private void runHeartbeat() {
        try {
            heartbeat.run();
        } catch (InterruptedException e) {
            // Stopping: the interrupt is the signal.
        } catch (RuntimeException e) {
            LOG.atError().setCause(e).log("heartbeat loop failed");
            requestStop(1);
        }
    }

    /**
     * The event stream got 401 and the token file held no newer token (the stream asked
     * {@link TokenReloader} itself and has stopped): the agent cannot work, and stops with exit code 1.
     */
    private void onAuthFailure() {
        if (!stopping.get()) {
            fail("the control plane rejected the token (HTTP 401)");
        }
    }

    private void runTokenChecks() {
        try {
            while (!stopping.get()) {
                Thread.sleep(TokenReloader.CHECK_INTERVAL.toMillis());
                tokens.reload();
            }
        } catch (InterruptedException e) {
            // Stopping: the interrupt is the signal.
        }
    }

    /**
     * Tells systemd what the agent is doing every {@link #STATUS_INTERVAL}, and pings its watchdog while
     * the loops run: a wedged loop thread stops the pings, and systemd restarts the agent.
     */
    private void runSupervisorPings() {
        Duration period = serviceManager.watchdogEnabled()
                ? min(serviceManager.watchdogInterval(), STATUS_INTERVAL)
                : STATUS_INTERVAL;
        String last = "";
        try {
            while (!stopping.get()) {
                Thread.sleep(Math.max(1, period.toMillis()));
                if (serviceManager.watchdogEnabled() && loopsAlive()) {
                    serviceManager.alive();
                }
                String now = status.summary();
                if (!now.equals(last)) {
                    serviceManager.status(now);
                    last = now;
                }
            }
        } catch (InterruptedException e) {
            // Stopping: the interrupt is the signal.
        }
    }

    private boolean loopsAlive() {
        Thread exchange = exchangeThread;
        Thread beat = heartbeatThread;
        boolean exchangeAlive = exchange != null && (exchange.isAlive() || !config.natEnabled());
        return exchangeAlive && beat != null && beat.isAlive();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void fail(String reason) {
        LOG.atError().addKeyValue("reason", reason).log("agent stopping on error");
        requestStop(1);
    }

    private Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void shutdown() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + STOP_BUDGET.toNanos();
        LOG.atInfo().log("agent stopping");
        serviceManager.stopping();
        Thread supervisor = supervisorThread;
        if (supervisor != null) {
            supervisor.interrupt();
        }
        ControlSocketServer socket = control;
        if (socket != null) {
            socket.close();
        }
        MetricsServer scrapes = metricsServer;
        if (scrapes != null) {
            scrapes.close();
        }
        exchanger.close();
        Thread beat = heartbeatThread;
        if (beat != null) {
            beat.interrupt();
        }
        Thread tokenChecks = tokenThread;
        if (tokenChecks != null) {
            tokenChecks.interrupt();
        }
        Thread reconciles = reconcileThread;
        if (reconciles != null) {
            reconciles.interrupt();
        }
        Thread stalls = stallThread;
        if (stalls != null) {
            stalls.interrupt();
        }
        closeQuietly("connectivity checks", checks);
        closeQuietly("event stream", events);
        closeQuietly("control-plane client", controlPlane);
        boolean clean = join(exchangeThread, deadline)
                & join(beat, deadline)
                & join(tokenChecks, deadline)
                & join(reconciles, deadline)
                & join(stalls, deadline)
                & join(supervisor, deadline);
        if (clean) {
            LOG.atInfo().log("agent stopped");
        } else {
            LOG.atWarn()
                    .addKeyValue("budget", STOP_BUDGET)
                    .log("agent stopped; a loop did not finish within the budget");
        }
        stopped.countDown();
    }

    private static void closeQuietly(String what, AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.atWarn()
                    .addKeyValue("closing", what)
                    .addKeyValue("error", e.getMessage())
                    .log("close failed");
        }
    }

    private static boolean join(Thread thread, long deadlineNanos) {
        if (thread == null) {
            return true;
        }
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        try {
            if (remaining > 0) {
                thread.join(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
