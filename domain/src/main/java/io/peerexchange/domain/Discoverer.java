package io.peerexchange.domain;

import io.peerexchange.ports.BindingMethod;
import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointReport;
import io.peerexchange.ports.EndpointReporter;
import io.peerexchange.ports.EndpointResponse;
import io.peerexchange.ports.HostAddresses;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.NatInfo;
import io.peerexchange.ports.NatType;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.StunClient;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Learns the public endpoint of the WireGuard port with STUN and classifies the NAT, and runs the
 * discover–report–apply refresh loop.
 */
public final class Discoverer {
    private static final ComponentLogger LOG = ComponentLogger.of(Discoverer.class, Component.NAT);

    private final StunClient stun;
    private final HostAddresses hostAddresses;
    private final Config config;
    private final int listenPort;
    private final Sleeper sleeper;
    private final AtomicReference<NatInfo> lastResult = new AtomicReference<>();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private volatile LocalConnectivity connectivity = LocalConnectivity.NONE;
    private final Object wake = new Object();
    private boolean refreshRequested;

    public Discoverer(StunClient stun, HostAddresses hostAddresses, Config config, int listenPort, Sleeper sleeper) {
        if (listenPort < 0 || listenPort > 65535) {
            throw new InvalidConfigException(ConfigField.LISTEN_PORT, "ListenPort must be 0-65535");
        }
        this.stun = stun;
        this.hostAddresses = hostAddresses;
        this.config = config.applyDefaults();
        this.listenPort = listenPort;
        this.sleeper = sleeper;
    }

    /** From now on each report carries what {@code local} gathers; without this call the seed's report. */
    public void reportConnectivity(LocalConnectivity local) {
        this.connectivity = local;
    }

    /**
     * Ends the loop's wait for the refresh interval: it discovers and reports at once (a path was lost,
     * our public address may have changed). Callable from any thread; requests coalesce.
     */
    public void refreshNow() {
        synchronized (wake) {
            refreshRequested = true;
            wake.notifyAll();
        }
    }

    /** The most recent discovery, empty before the first one. Thread-safe. */
    public Optional<NatInfo> lastResult() {
        return Optional.ofNullable(lastResult.get());
    }

    /** Why the most recent refresh failed; empty when it succeeded (or none ran yet). Thread-safe. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    /**
     * One discovery: servers in order until one answers, then a second server with a different
     * IP address for the NAT type.
     *
     * @throws DiscoveryException when no server answers
     */
    public DiscoveryResult discover() throws DiscoveryException, InterruptedException {
        List<StunServer> servers = config.stunServers();
        MappedAddress primary = null;
        List<String> failures = new ArrayList<>();
        int next = 0;
        while (primary == null && next < servers.size()) {
            primary = bindOrWarn(servers.get(next++), listenPort, failures);
        }
        if (primary == null) {
            throw new DiscoveryException(
                    "all " + servers.size() + " STUN servers failed: " + String.join("; ", failures));
        }
        // Both bindings must leave from the same port, or their mappings cannot be compared.
        int port = primary.localPort();
        Optional<MappedAddress> comparison = Optional.empty();
        InetAddress primaryServerIp = primary.serverAddress().address();
        boolean distinctServerSeen = false;
        while (comparison.isEmpty() && next < servers.size()) {
            StunServer candidate = servers.get(next++);
            MappedAddress second = bindOrWarn(candidate, port, new ArrayList<>());
            if (second == null) {
                distinctServerSeen = true;
                continue;
            }
            if (second.serverAddress().address().equals(primaryServerIp)) {
                LOG.atDebug()
                        .addKeyValue("stun_server", candidate)
                        .log("second STUN server shares the first one's IP address; not used for classification");
                continue;
            }
            distinctServerSeen = true;
            if (second.localPort() != port) {
                LOG.atDebug()
                        .addKeyValue("stun_server", candidate)
                        .log("second binding left from another local port; not comparable");
                continue;
            }
            comparison = Optional.of(second);
        }
        NatType type = classify(primary, comparison);
        if (type == NatType.UNKNOWN) {
            LOG.atInfo()
                    .addKeyValue(
                            "reason",
                            distinctServerSeen
                                    ? "no second STUN server with a different IP address answered"
                                    : "no second STUN server with a different IP address is configured")
                    .log("NAT classification incomplete");
        }
        return new DiscoveryResult(new NatInfo(reportable(primary, type), type), primary, comparison);
    }

    private NatType classify(MappedAddress primary, Optional<MappedAddress> comparison) {
        // The mapped address is one of ours: nothing translates. A port-preserving NAT is not "none".
        if (hostAddresses.addresses().contains(primary.endpoint().address())) {
            return NatType.NONE;
        }
        if (comparison.isEmpty()) {
            return NatType.UNKNOWN;
        }
        return comparison.get().endpoint().equals(primary.endpoint()) ? NatType.FULL_CONE : NatType.SYMMETRIC;
    }

    /**
     * The endpoint peers must use. An ephemeral-port mapping says nothing about the WireGuard
     * port's, except without NAT: then the WireGuard port is reachable at the host address itself.
     */
    private Endpoint reportable(MappedAddress primary, NatType type) {
        if (primary.method() == BindingMethod.EPHEMERAL && type == NatType.NONE && listenPort != 0) {
            return new Endpoint(primary.endpoint().address(), listenPort);
        }
        return primary.endpoint();
    }

    private MappedAddress bindOrWarn(StunServer server, int port, List<String> failures) throws InterruptedException {
        try {
            return stun.bind(server, port, config.timeout());
        } catch (StunException e) {
            failures.add(server + " (" + e.getMessage() + ")");
            LOG.atWarn()
                    .addKeyValue("server", server)
                    .addKeyValue("error", e.getMessage())
                    .log("STUN binding failed");
            return null;
        }
    }

    /**
     * Discovers, reports and applies, then repeats every refresh interval until interrupted.
     *
     * @throws DiscoveryException   when the first discovery fails on every server
     * @throws InterruptedException when the thread is interrupted (the way to stop it)
     */
    public void run(NodeId nodeId, EndpointReporter reporter, PeerEndpointApplier applier)
            throws DiscoveryException, InterruptedException {
        DiscoveryResult first = discover();
        lastResult.set(first.natInfo());
        LOG.atInfo()
                .addKeyValue("endpoint", first.natInfo().publicEndpoint())
                .addKeyValue("nat_type", first.natInfo().type())
                .addKeyValue("stun_server", first.primary().server())
                .log("discovered public endpoint");
        reportAndApply(nodeId, reporter, applier, first);
        while (true) {
            awaitRefresh();
            DiscoveryResult result;
            try {
                result = discover();
            } catch (DiscoveryException e) {
                lastFailure.set(e.getMessage());
                LOG.atWarn()
                        .addKeyValue("error", e.getMessage())
                        .addKeyValue("endpoint", lastResult.get().publicEndpoint())
                        .log("endpoint refresh failed; keeping the previous endpoint");
                continue;
            }
            lastFailure.set(null);
            NatInfo previous = lastResult.getAndSet(result.natInfo());
            if (!previous.publicEndpoint().equals(result.natInfo().publicEndpoint())) {
                LOG.atInfo()
                        .addKeyValue("old_endpoint", previous.publicEndpoint())
                        .addKeyValue("new_endpoint", result.natInfo().publicEndpoint())
                        .addKeyValue("nat_type", result.natInfo().type())
                        .log("public endpoint changed");
            } else if (previous.type() != result.natInfo().type()) {
                LOG.atInfo()
                        .addKeyValue("old_nat_type", previous.type())
                        .addKeyValue("new_nat_type", result.natInfo().type())
                        .log("NAT type changed");
            }
            reportAndApply(nodeId, reporter, applier, result);
        }
    }

    /** The refresh interval, or less when {@link #refreshNow} is called; a test's sleeper is skipped then. */
    private void awaitRefresh() throws InterruptedException {
        synchronized (wake) {
            if (sleeper == Sleeper.SYSTEM) {
                long deadline = System.nanoTime() + config.refreshInterval().toNanos();
                long left = config.refreshInterval().toNanos();
                while (!refreshRequested && left > 0) {
                    wake.wait(Math.max(1, left / 1_000_000));
                    left = deadline - System.nanoTime();
                }
            }
            if (refreshRequested) {
                refreshRequested = false;
                return;
            }
        }
        if (sleeper != Sleeper.SYSTEM) {
            sleeper.sleep(config.refreshInterval());
        }
    }

    private void reportAndApply(
            NodeId nodeId, EndpointReporter reporter, PeerEndpointApplier applier, DiscoveryResult result)
            throws InterruptedException {
        if (!result.primary().method().isRequestedPortMapping()
                && result.natInfo().type() != NatType.NONE) {
            LOG.atWarn()
                    .addKeyValue("endpoint", result.primary().endpoint())
                    .addKeyValue("method", result.primary().method())
                    .log("endpoint not reported: it is an ephemeral port's mapping, not the WireGuard port's");
            return;
        }
        EndpointResponse response;
        try {
            NatInfo info = result.natInfo();
            response = reporter.reportEndpoint(
                    nodeId, new EndpointReport(info.publicEndpoint(), info.type(), connectivity.at(info)));
        } catch (ControlPlaneException e) {
            LOG.atWarn()
                    .addKeyValue("error", e.getMessage())
                    .addKeyValue("kind", e.kind())
                    .log("endpoint report failed");
            return;
        }
        applier.applyReported(response.peerEndpoints());
    }
}
