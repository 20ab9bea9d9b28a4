package io.peerexchange.adapters.wireguard;

import io.peerexchange.adapters.wireguard.device.DeviceState;
import io.peerexchange.adapters.wireguard.device.PeerState;
import io.peerexchange.adapters.wireguard.device.WireGuardDevice;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerStats;
import io.peerexchange.ports.PeerStatsReader;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.PeerUpdater;
import io.peerexchange.ports.UpdateOutcome;
import io.peerexchange.ports.UpdateOutcome.Status;
import io.peerexchange.ports.UpdateReport;
import io.peerexchange.ports.WireGuardFwmark;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Writes control-plane endpoints into one WireGuard interface (docs/PROTOCOL.md#endpoint-updates): reads the device once, leaves
 * unknown peers, equal endpoints and live roamed paths alone, and writes the rest as endpoint-only,
 * update-only changes in one transaction ({@code set=1}) or as few netlink messages as fit.
 *
 * <p>With {@link Backend#AUTO} the backend is chosen per call, so a wireguard-go started after this
 * updater is found. Calls are serialized: read, decide and write happen as one unit per call, and the
 * receive counters that prove a live path are kept between calls.
 */
public final class WireGuardPeerUpdater implements PeerUpdater, PeerStatsReader, WireGuardFwmark {
    private static final ComponentLogger LOG = ComponentLogger.of(WireGuardPeerUpdater.class, Component.WIREGUARD);

    private final WireGuardSettings settings;
    private final Supplier<WireGuardDevice> devices;
    private final Clock clock;
    private final Pause pause;
    private final LivePaths livePaths = new LivePaths();

    /** Waits between the two reads that prove a live path; tests replace it. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    public WireGuardPeerUpdater(WireGuardSettings settings) {
        this(settings, () -> choose(settings), Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    WireGuardPeerUpdater(WireGuardSettings settings, Supplier<WireGuardDevice> devices, Clock clock, Pause pause) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /**
     * A loopback endpoint replaced by a routable one is the agent's own relay proxy giving way to a
     * direct pair: the relay policy lets such a write through only once the checks verified the pair,
     * and the proxy goes away soon after, so keeping it would cut the tunnel
     * (docs/ARCHITECTURE.md#relay-policy).
     */
    static boolean leavesRelayProxy(PeerState current, EndpointUpdate update) {
        try {
            return Endpoint.parse(current.endpoint()).address().isLoopbackAddress()
                    && !update.endpoint().address().isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Reads the interface once for its fwmark. */
    @Override
    public synchronized int fwmark() throws PeerUpdateException {
        return devices.get().read().fwmark();
    }

    /** The backend for one operation, from the registry: AUTO asks each backend's detection each time. */
    static WireGuardDevice choose(WireGuardSettings settings) {
        return WireGuardBackends.BUILT_IN.device(settings);
    }

    /**
     * {@inheritDoc}
     *
     * <p>When the same peer appears more than once, the last update wins and the earlier ones are
     * reported {@link Status#FAILED} as superseded.
     *
     * @throws NullPointerException when the list or an element is null (nothing is written)
     */
    @Override
    public synchronized UpdateReport updateEndpoints(List<EndpointUpdate> updates) throws PeerUpdateException {
        Objects.requireNonNull(updates, "updates");
        Map<WireGuardKey, Integer> last = new HashMap<>(updates.size() * 2);
        for (int i = 0; i < updates.size(); i++) {
            EndpointUpdate update = Objects.requireNonNull(updates.get(i), () -> "updates contains null");
            last.put(update.publicKey(), i);
        }
        if (updates.isEmpty()) {
            return new UpdateReport(List.of());
        }
        WireGuardDevice device = devices.get();
        DeviceState state = device.read();
        if (!livePaths.canProve(clock.instant()) && anyContested(updates, state)) {
            // The previous read is too old to prove current traffic: sample the counters again.
            livePaths.observe(state, clock.instant());
            try {
                pause.pause(LivePaths.SAMPLE_GAP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PeerUpdateException("interrupted while sampling receive counters; nothing written");
            }
            state = device.read();
        }
        Map<WireGuardKey, String> live = livePaths.observe(state, clock.instant());

        UpdateOutcome[] outcomes = new UpdateOutcome[updates.size()];
        List<EndpointUpdate> writes = new ArrayList<>();
        List<Integer> writeIndexes = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            EndpointUpdate update = updates.get(i);
            WireGuardKey key = update.publicKey();
            Optional<PeerState> peer = state.peer(key);
            if (last.get(key) != i) {
                outcomes[i] = new UpdateOutcome(
                        key, Status.FAILED, "superseded by a later update for the same peer in this call");
            } else if (peer.isEmpty()) {
                outcomes[i] = UpdateOutcome.of(key, Status.UNKNOWN_PEER);
            } else if (peer.get().holds(update.endpoint())) {
                outcomes[i] = UpdateOutcome.of(key, Status.UNCHANGED);
            } else if (peer.get().hasEndpoint() && live.containsKey(key) && !leavesRelayProxy(peer.get(), update)) {
                outcomes[i] = new UpdateOutcome(
                        key, Status.LIVE_PATH_KEPT, "kept " + peer.get().endpoint() + ": " + live.get(key));
            } else {
                writes.add(update);
                writeIndexes.add(i);
            }
        }
        if (!writes.isEmpty()) {
            write(device, writes, writeIndexes, outcomes);
        }
        UpdateReport report = new UpdateReport(Arrays.asList(outcomes));
        LOG.atDebug()
                .addKeyValue("interface", settings.interfaceName())
                .addKeyValue("backend", device.name())
                .addKeyValue("requested", updates.size())
                .addKeyValue("applied", report.count(Status.APPLIED))
                .addKeyValue("unchanged", report.count(Status.UNCHANGED))
                .addKeyValue("live_path_kept", report.count(Status.LIVE_PATH_KEPT))
                .addKeyValue("unknown_peer", report.count(Status.UNKNOWN_PEER))
                .addKeyValue("failed", report.count(Status.FAILED))
                .log("peer endpoints updated");
        return report;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Not serialized with {@link #updateEndpoints}: a read never changes the device, and a status
     * query must not wait for a large write.
     */
    @Override
    public List<PeerStats> readPeerStats() throws PeerUpdateException {
        List<PeerStats> out = new ArrayList<>();
        for (PeerState peer : devices.get().read().peers()) {
            out.add(new PeerStats(
                    peer.publicKey(),
                    Optional.ofNullable(peer.endpoint()),
                    peer.rxBytes(),
                    peer.txBytes(),
                    peer.lastHandshakeEpochSeconds() == 0
                            ? Optional.empty()
                            : Optional.of(Instant.ofEpochSecond(peer.lastHandshakeEpochSeconds()))));
        }
        return out;
    }

    /** Whether some update would replace an endpoint WireGuard has received on: only then is liveness asked. */
    private static boolean anyContested(List<EndpointUpdate> updates, DeviceState state) {
        for (EndpointUpdate update : updates) {
            Optional<PeerState> peer = state.peer(update.publicKey());
            if (peer.isPresent()
                    && peer.get().hasEndpoint()
                    && peer.get().rxBytes() > 0
                    && !peer.get().holds(update.endpoint())) {
                return true;
            }
        }
        return false;
    }

    private void write(
            WireGuardDevice device, List<EndpointUpdate> writes, List<Integer> indexes, UpdateOutcome[] outcomes)
            throws PeerUpdateException {
        Optional<String> error = device.writeEndpoints(writes);
        if (error.isEmpty() && !device.verifyAfterWrite()) {
            for (int j = 0; j < writes.size(); j++) {
                outcomes[indexes.get(j)] = UpdateOutcome.of(writes.get(j).publicKey(), Status.APPLIED);
            }
            return;
        }
        // A failed set may have been applied in part, and the kernel drops endpoints it dislikes
        // without an error: only a read tells which writes landed.
        DeviceState after = device.read();
        int failed = 0;
        for (int j = 0; j < writes.size(); j++) {
            EndpointUpdate update = writes.get(j);
            Optional<PeerState> peer = after.peer(update.publicKey());
            UpdateOutcome outcome;
            if (peer.isEmpty()) {
                outcome = new UpdateOutcome(update.publicKey(), Status.UNKNOWN_PEER, "peer removed during the update");
            } else if (peer.get().holds(update.endpoint())) {
                outcome = UpdateOutcome.of(update.publicKey(), Status.APPLIED);
            } else {
                failed++;
                outcome = new UpdateOutcome(
                        update.publicKey(),
                        Status.FAILED,
                        error.orElse("WireGuard did not take endpoint " + update.endpoint() + " (it holds "
                                + (peer.get().hasEndpoint() ? peer.get().endpoint() : "none") + ")"));
            }
            outcomes[indexes.get(j)] = outcome;
        }
        if (failed > 0) {
            LOG.atWarn()
                    .addKeyValue("interface", settings.interfaceName())
                    .addKeyValue("backend", device.name())
                    .addKeyValue("failed", failed)
                    .addKeyValue("error", error.orElse("endpoint not taken"))
                    .log("some peer endpoints were not written");
        }
    }
}
