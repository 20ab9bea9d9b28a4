package io.peerexchange.domain;

import io.peerexchange.ports.AddressFamily;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Learns the public endpoint of the WireGuard port with STUN and classifies the NAT, and runs the
 * discover–report–apply refresh loop.
 */
public final class Discoverer {
    private static final ComponentLogger LOG = ComponentLogger.of(Discoverer.class, Component.NAT);
    /**
     * How long the loop waits after a {@link #refreshNow} before it refreshes: the requests of a burst
     * (one address change brings link, address and route messages) make one round.
     */
    public static final Duration REFRESH_NOW_DEBOUNCE = Duration.ofMillis(200);

    private final StunClient stun;
    private final HostAddresses hostAddresses;
    private final Config config;
    private final int listenPort;
    private final Sleeper sleeper;
    private final AtomicReference<NatInfo> lastResult = new AtomicReference<>();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private final Wake wake = new Wake();
    private volatile LocalConnectivity connectivity = LocalConnectivity.NONE;
    private final Supplier<Optional<Endpoint>> mappedEndpoint;
    /** Reports come from the refresh loop and, on a mapping change, from the port mapper's thread. */
    private final Object reportLock = new Object();

    private volatile Reporting reporting;
    private volatile DiscoveryResult lastDiscovery;

    /** Where {@link #run} reports to, kept so a mapping change can be reported between refreshes. */
    private record Reporting(NodeId nodeId, EndpointReporter reporter, PeerEndpointApplier applier) {}

    public Discoverer(StunClient stun, HostAddresses hostAddresses, Config config, int listenPort, Sleeper sleeper) {
        this(stun, hostAddresses, config, listenPort, sleeper, Optional::empty);
    }

    /**
     * @param mappedEndpoint the gateway's mapping of the WireGuard port (a public address only),
     *                       reported instead of a symmetric or unclassified STUN answer
     */
    public Discoverer(
            StunClient stun,
            HostAddresses hostAddresses,
            Config config,
            int listenPort,
            Sleeper sleeper,
            Supplier<Optional<Endpoint>> mappedEndpoint) {
        this.mappedEndpoint = mappedEndpoint;
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
     * Ends the loop's wait for the refresh interval: it discovers, reports and so gathers again
     * after {@link #REFRESH_NOW_DEBOUNCE}. Callable from any thread; requests coalesce.
     */
    public void refreshNow() {
        wake.raise();
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
     * IP address for the NAT type, then a server of the other address family for a second srflx
     * candidate.
     *
     * @throws DiscoveryException when no server answers
     */
    public DiscoveryResult discover() throws DiscoveryException, InterruptedException {
        DiscoveryResult primary = discoverPrimary();
        return primary.withOtherFamily(otherFamily(config.stunServers(), primary.primary()));
    }

    /** {@link #discover()} without the other address family: what the report needs first. */
    private DiscoveryResult discoverPrimary() throws DiscoveryException, InterruptedException {
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

    /**
     * The WireGuard port's mapping in the address family the primary binding did not use, from the
     * first server of that family that answers (docs/PROTOCOL.md#stun-over-both-families): a name
     * may have addresses of both, an IP literal of the primary's family has not. It only adds a
     * candidate: a failure is logged and changes nothing else, and all its servers together get one
     * {@code timeout}, so a family that is routed but blackholed delays the report by that at most.
     */
    private Optional<MappedAddress> otherFamily(List<StunServer> servers, MappedAddress primary)
            throws InterruptedException {
        AddressFamily family =
                AddressFamily.of(primary.serverAddress().address()).other();
        // From the WireGuard port, as the primary; with "any port" (0), from the one the primary used.
        int port = listenPort != 0 ? listenPort : primary.localPort();
        List<String> failures = new ArrayList<>();
        boolean literalTried = false;
        long deadline = System.nanoTime() + config.timeout().toNanos();
        for (StunServer server : servers) {
            Optional<AddressFamily> literal = server.literalFamily();
            if (literal.isPresent() && literal.get() != family) {
                continue;
            }
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.toMillis() < 1) {
                failures.add(
                        server + " (not tried: the " + config.timeout().toMillis() + " ms for this family are over)");
                break;
            }
            literalTried |= literal.isPresent();
            MappedAddress mapped;
            try {
                mapped = stun.bind(server, family, port, left);
            } catch (StunException e) {
                failures.add(server + " (" + e.getMessage() + ")");
                continue;
            }
            if (!mapped.method().isRequestedPortMapping()) {
                failures.add(server + " (answered from an ephemeral port, not the WireGuard port's mapping)");
                continue;
            }
            if (!family.matches(mapped.endpoint().address())) {
                failures.add(server + " (mapped address " + mapped.endpoint() + " is not " + family + ")");
                continue;
            }
            return Optional.of(mapped);
        }
        if (!failures.isEmpty()) {
            // A configured literal of that family failing is news; a name without such an address is not.
            (literalTried ? LOG.atInfo() : LOG.atDebug())
                    .addKeyValue("family", family)
                    .addKeyValue("error", String.join("; ", failures))
                    .log("no server-reflexive endpoint in the other address family; the report is unchanged");
        }
        return Optional.empty();
    }

    /**
     * Behind a symmetric (or unclassified) NAT no STUN answer works for peers; a mapping the
     * gateway made does (docs/PROTOCOL.md#port-mapping). Other NAT types keep the STUN answer.
     */
    private NatInfo withMapping(DiscoveryResult result) {
        NatInfo info = result.natInfo();
        if (info.type() != NatType.SYMMETRIC && info.type() != NatType.UNKNOWN) {
            return info;
        }
        return mappedEndpoint
                .get()
                .map(mapped -> new NatInfo(mapped, info.type()))
                .orElse(info);
    }

    /**
     * The gateway's mapping changed: report at once, between refreshes, when that changes the
     * endpoint to report. Does nothing before {@link #run} reported once.
     */
    public void onMappingChanged() throws InterruptedException {
        Reporting to = reporting;
        DiscoveryResult last = lastDiscovery;
        if (to == null || last == null) {
            return;
        }
        synchronized (reportLock) {
            NatInfo now = withMapping(last);
            NatInfo previous = lastResult.get();
            if (previous != null && previous.equals(now)) {
                return;
            }
            LOG.atInfo()
                    .addKeyValue("old_endpoint", previous == null ? "" : previous.publicEndpoint())
                    .addKeyValue("new_endpoint", now.publicEndpoint())
                    .log("port mapping changed; reporting at once");
            lastResult.set(now);
            reportAndApply(to.nodeId(), to.reporter(), to.applier(), last, now);
        }
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
        run(nodeId, reporter, applier, ReportGate.OPEN);
    }

    /**
     * As {@link #run(NodeId, EndpointReporter, PeerEndpointApplier)}, the first report going only once
     * {@code firstReport} opens (the first discovery does not wait for it).
     */
    public void run(NodeId nodeId, EndpointReporter reporter, PeerEndpointApplier applier, ReportGate firstReport)
            throws DiscoveryException, InterruptedException {
        DiscoveryResult first = discoverPrimary();
        NatInfo firstInfo = withMapping(first);
        lastResult.set(firstInfo);
        LOG.atInfo()
                .addKeyValue("endpoint", firstInfo.publicEndpoint())
                .addKeyValue("nat_type", first.natInfo().type())
                .addKeyValue("stun_server", first.primary().server())
                .log("discovered public endpoint");
        firstReport.await();
        synchronized (reportLock) {
            lastDiscovery = first;
            reporting = new Reporting(nodeId, reporter, applier);
            reportAndApply(nodeId, reporter, applier, first, firstInfo);
        }
        learnOtherFamily(nodeId, reporter, applier);
        while (true) {
            if (sleeper.sleep(config.refreshInterval(), wake)) {
                sleeper.sleep(REFRESH_NOW_DEBOUNCE);
                wake.take();
                LOG.atInfo().log("network changed; refreshing the endpoint now");
            }
            DiscoveryResult result;
            try {
                result = discoverPrimary();
            } catch (DiscoveryException e) {
                lastFailure.set(e.getMessage());
                LOG.atWarn()
                        .addKeyValue("error", e.getMessage())
                        .addKeyValue("endpoint", lastResult.get().publicEndpoint())
                        .log("endpoint refresh failed; keeping the previous endpoint");
                continue;
            }
            lastFailure.set(null);
            synchronized (reportLock) {
                // The other family's mapping is carried over until its own binding, after this report, says otherwise.
                result = result.withOtherFamily(lastDiscovery.otherFamily());
                NatInfo info = withMapping(result);
                lastDiscovery = result;
                NatInfo previous = lastResult.getAndSet(info);
                if (!previous.publicEndpoint().equals(info.publicEndpoint())) {
                    LOG.atInfo()
                            .addKeyValue("old_endpoint", previous.publicEndpoint())
                            .addKeyValue("new_endpoint", info.publicEndpoint())
                            .addKeyValue("nat_type", info.type())
                            .log("public endpoint changed");
                } else if (previous.type() != info.type()) {
                    LOG.atInfo()
                            .addKeyValue("old_nat_type", previous.type())
                            .addKeyValue("new_nat_type", info.type())
                            .log("NAT type changed");
                }
                reportAndApply(nodeId, reporter, applier, result, info);
            }
            learnOtherFamily(nodeId, reporter, applier);
        }
    }

    /**
     * Binds in the other address family after the report went, so a family that is routed but
     * blackholed delays no report; reports again only when its mapping changed.
     */
    private void learnOtherFamily(NodeId nodeId, EndpointReporter reporter, PeerEndpointApplier applier)
            throws InterruptedException {
        DiscoveryResult base = lastDiscovery;
        Optional<MappedAddress> other = otherFamily(config.stunServers(), base.primary());
        Optional<Endpoint> before = base.otherFamily().map(MappedAddress::endpoint);
        Optional<Endpoint> now = other.map(MappedAddress::endpoint);
        if (now.equals(before)) {
            return;
        }
        synchronized (reportLock) {
            DiscoveryResult updated = lastDiscovery.withOtherFamily(other);
            lastDiscovery = updated;
            if (before.isEmpty()) {
                LOG.atInfo()
                        .addKeyValue("endpoint", now.map(Endpoint::toString).orElse(""))
                        .log("discovered the other address family's public endpoint");
            } else {
                LOG.atInfo()
                        .addKeyValue(
                                "old_endpoint", before.map(Endpoint::toString).orElse(""))
                        .addKeyValue("new_endpoint", now.map(Endpoint::toString).orElse(""))
                        .log("other address family's server-reflexive endpoint changed");
            }
            reportAndApply(nodeId, reporter, applier, updated, withMapping(updated));
        }
    }

    private void reportAndApply(
            NodeId nodeId, EndpointReporter reporter, PeerEndpointApplier applier, DiscoveryResult result, NatInfo info)
            throws InterruptedException {
        // A gateway mapping is the WireGuard port's own, however STUN learned its answer.
        boolean gatewayMapped = !info.publicEndpoint().equals(result.natInfo().publicEndpoint());
        if (!gatewayMapped
                && !result.primary().method().isRequestedPortMapping()
                && result.natInfo().type() != NatType.NONE) {
            LOG.atWarn()
                    .addKeyValue("endpoint", result.primary().endpoint())
                    .addKeyValue("method", result.primary().method())
                    .log("endpoint not reported: it is an ephemeral port's mapping, not the WireGuard port's");
            return;
        }
        EndpointResponse response;
        long leftAt = applier.reportLeaving();
        try {
            // The srflx candidate is STUN's own answer, even when a gateway mapping is the reported endpoint.
            response = reporter.reportEndpoint(
                    nodeId,
                    new EndpointReport(
                            info.publicEndpoint(),
                            info.type(),
                            connectivity.at(
                                    result.natInfo(), result.otherFamily().map(MappedAddress::endpoint))));
        } catch (ControlPlaneException e) {
            LOG.atWarn()
                    .addKeyValue("error", e.getMessage())
                    .addKeyValue("kind", e.kind())
                    .log("endpoint report failed");
            return;
        }
        applier.applyReported(response.peerEndpoints(), leftAt);
    }
}
