package io.peerexchange.domain;

import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.Heartbeat;
import io.peerexchange.ports.HeartbeatResponse;
import io.peerexchange.ports.HeartbeatSender;
import io.peerexchange.ports.NatInfo;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Sends a heartbeat carrying the last NAT result every interval until interrupted. */
public final class HeartbeatLoop {
    private static final ComponentLogger LOG = ComponentLogger.of(HeartbeatLoop.class, Component.CONTROLPLANE);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    private final HeartbeatSender sender;
    private final Supplier<Optional<NatInfo>> nat;
    private final NodeId nodeId;
    private final Duration interval;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Instant started;

    public HeartbeatLoop(
            HeartbeatSender sender,
            Supplier<Optional<NatInfo>> nat,
            NodeId nodeId,
            Duration interval,
            Sleeper sleeper,
            Clock clock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new InvalidConfigException(ConfigField.HEARTBEAT_INTERVAL, "HeartbeatInterval must be positive");
        }
        this.sender = sender;
        this.nat = nat;
        this.nodeId = nodeId;
        this.interval = interval;
        this.sleeper = sleeper;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** One heartbeat; failures are logged, never thrown. */
    public Optional<HeartbeatResponse> beat() throws InterruptedException {
        Instant now = clock.instant();
        Heartbeat heartbeat = new Heartbeat(nodeId, now, "online", Duration.between(started, now), nat.get());
        try {
            HeartbeatResponse response = sender.sendHeartbeat(heartbeat);
            LOG.atDebug().addKeyValue("reconcile", response.reconcile()).log("heartbeat sent");
            return Optional.of(response);
        } catch (ControlPlaneException e) {
            LOG.atWarn()
                    .addKeyValue("error", e.getMessage())
                    .addKeyValue("kind", e.kind())
                    .log("heartbeat failed");
            return Optional.empty();
        }
    }

    /** Beats now and then every interval until the thread is interrupted. */
    public void run() throws InterruptedException {
        while (true) {
            beat();
            sleeper.sleep(interval);
        }
    }
}
