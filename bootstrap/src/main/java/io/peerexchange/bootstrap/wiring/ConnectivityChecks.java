package io.peerexchange.bootstrap.wiring;

import io.peerexchange.domain.Discoverer;
import io.peerexchange.domain.PeerEndpointApplier;
import io.peerexchange.domain.paths.Paths;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.PathKind;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Starts the connectivity checks before the first peer is learned and hooks them in: peers'
 * candidates reach them through the endpoint applier, ours go out with each report. When the
 * WireGuard port cannot be used for checks (no CAP_NET_RAW) the agent runs without them, exactly as
 * with {@code connectivity_checks: false}, and says so.
 */
@Singleton
public final class ConnectivityChecks implements AutoCloseable {
    private static final ComponentLogger LOG = ComponentLogger.of(ConnectivityChecks.class, Component.PATHS);

    private final Optional<Paths> paths;
    private final PeerEndpointApplier applier;
    private final Discoverer discoverer;
    private volatile boolean running;

    @Inject
    ConnectivityChecks(Optional<Paths> paths, PeerEndpointApplier applier, Discoverer discoverer) {
        this.paths = paths;
        this.applier = applier;
        this.discoverer = discoverer;
    }

    /** Whether the configuration asks for checks ({@code connectivity_checks}, NAT traversal on, a fixed port). */
    public boolean configured() {
        return paths.isPresent();
    }

    /** Starts the checks when configured; afterwards {@link #pathKind} says what each peer got. */
    public void start() {
        if (paths.isEmpty()) {
            LOG.atInfo().log("connectivity checks off");
            return;
        }
        Paths checks = paths.get();
        try {
            checks.start();
        } catch (StunException e) {
            LOG.atWarn()
                    .addKeyValue("error", e.getMessage())
                    .log("connectivity checks off: the WireGuard port cannot be used for them");
            return;
        }
        applier.useChoices(checks);
        discoverer.reportConnectivity(nat -> checks.gather(Optional.of(nat.publicEndpoint())));
        // A lost path may be our address changing (a remap, a new WAN address): report it now.
        checks.onPathLost(discoverer::refreshNow);
        running = true;
    }

    /** The kind of path the checks chose for a peer; {@link PathKind#UNKNOWN} without checks or choice. */
    public PathKind pathKind(NodeId peerId) {
        return running ? paths.orElseThrow().pathKind(peerId) : PathKind.UNKNOWN;
    }

    /** The checks, when they run. */
    public Optional<Paths> paths() {
        return running ? paths : Optional.empty();
    }

    @Override
    public void close() {
        paths.ifPresent(Paths::close);
    }
}
