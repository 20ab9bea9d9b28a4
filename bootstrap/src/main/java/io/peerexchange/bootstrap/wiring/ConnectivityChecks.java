package io.peerexchange.bootstrap.wiring;

import io.peerexchange.adapters.stun.turn.TurnRelay;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.domain.Discoverer;
import io.peerexchange.domain.NetworkChangeTrigger;
import io.peerexchange.domain.PeerEndpointApplier;
import io.peerexchange.domain.paths.Paths;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.NetworkChanges;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.PathKind;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Starts the connectivity checks before the first peer is learned and hooks them in: peers'
 * candidates reach them through the endpoint applier, ours go out with each report. When the
 * WireGuard port cannot be used for checks (no CAP_NET_RAW) the agent runs without them, exactly as
 * with {@code connectivity_checks: false}, and says so. While checks run, a host network change
 * (docs/ARCHITECTURE.md#network-changes) makes discovery, the report and so the gathering and the
 * checks run again at once.
 */
@Singleton
public final class ConnectivityChecks implements AutoCloseable {
    private static final ComponentLogger LOG = ComponentLogger.of(ConnectivityChecks.class, Component.PATHS);

    private final Optional<Paths> paths;
    private final PeerEndpointApplier applier;
    private final Discoverer discoverer;
    private final NetworkChanges networkChanges;
    private final String wireGuardInterface;
    private final Optional<TurnRelay> relay;
    private volatile boolean running;

    @Inject
    ConnectivityChecks(
            Optional<Paths> paths,
            PeerEndpointApplier applier,
            Discoverer discoverer,
            NetworkChanges networkChanges,
            AgentConfig config,
            Optional<TurnRelay> relay) {
        this.paths = paths;
        this.relay = relay;
        this.applier = applier;
        this.discoverer = discoverer;
        this.networkChanges = networkChanges;
        this.wireGuardInterface = config.interfaceName();
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
        discoverer.reportConnectivity((nat, otherFamily) -> {
            List<Endpoint> reflexive = new ArrayList<>(List.of(nat.publicEndpoint()));
            otherFamily.ifPresent(reflexive::add);
            return checks.gather(reflexive);
        });
        // a new relay candidate (first allocation, or again after the server restarted) is reported at once
        relay.ifPresent(r -> r.onRelayedAddressChanged(discoverer::refreshNow));
        // A lost path may be our address changing (a remap, a new WAN address): report it now.
        checks.onPathLost(discoverer::refreshNow);
        running = true;
        try {
            networkChanges.start(new NetworkChangeTrigger(wireGuardInterface, discoverer::refreshNow));
        } catch (IllegalStateException e) {
            LOG.atWarn()
                    .addKeyValue("error", e.getMessage())
                    .log("network changes not watched; candidates are gathered again at each refresh only");
        }
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
        networkChanges.close();
        paths.ifPresent(Paths::close);
        // after the checks: the relay policy released its paths; now the allocation, sockets and threads go
        relay.ifPresent(r -> {
            try {
                r.close();
            } catch (java.io.IOException e) {
                LOG.atWarn().addKeyValue("error", e.toString()).log("closing the relay failed");
            }
        });
    }
}
