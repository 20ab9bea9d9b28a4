package io.peerexchange.domain;

import io.peerexchange.ports.ControlPlaneException;
import io.peerexchange.ports.Heartbeat;
import io.peerexchange.ports.HeartbeatResponse;
import io.peerexchange.ports.HeartbeatSender;
import io.peerexchange.ports.NodeHealth;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.ReconcileReason;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Sends a heartbeat carrying the agent's health and last NAT result every interval until
 * interrupted, and acts on the answer: {@code reconcile} asks for a reconcile, {@code rotate_keys}
 * is logged (the node's WireGuard key is not this agent's to change) and kept for the status.
 */
public final class HeartbeatLoop {
    private static final ComponentLogger LOG = ComponentLogger.of(HeartbeatLoop.class, Component.CONTROLPLANE);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    private final HeartbeatSender sender;
    private final HeartbeatSources sources;
    private final NodeId nodeId;
    private final Supplier<AgentBinary> binarySource;
    /** Taken from {@link #binarySource} at the first beat, on the heartbeat's thread. */
    private AgentBinary binary;

    private final Duration interval;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Instant started;
    private final AtomicReference<Instant> rotateKeysAskedAt = new AtomicReference<>();
    private NodeHealth lastHealth = NodeHealth.HEALTHY;

    public HeartbeatLoop(
            HeartbeatSender sender,
            HeartbeatSources sources,
            NodeId nodeId,
            Supplier<AgentBinary> binary,
            Duration interval,
            Sleeper sleeper,
            Clock clock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new InvalidConfigException(ConfigField.HEARTBEAT_INTERVAL, "HeartbeatInterval must be positive");
        }
        this.sender = sender;
        this.sources = sources;
        this.nodeId = nodeId;
        this.binarySource = Objects.requireNonNull(binary, "binary");
        this.interval = interval;
        this.sleeper = sleeper;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** One heartbeat; failures are logged, never thrown. */
    public Optional<HeartbeatResponse> beat() throws InterruptedException {
        Instant now = clock.instant();
        NodeHealth health = sources.health().get();
        logHealthChange(health);
        if (binary == null) {
            binary = binarySource.get();
        }
        Heartbeat heartbeat = new Heartbeat(
                nodeId,
                now,
                health,
                Duration.between(started, now),
                binary.version(),
                binary.checksum(),
                sources.nat().get());
        HeartbeatResponse response;
        try {
            response = sender.sendHeartbeat(heartbeat);
        } catch (ControlPlaneException e) {
            LOG.atWarn()
                    .addKeyValue("error", e.getMessage())
                    .addKeyValue("kind", e.kind())
                    .log("heartbeat failed");
            return Optional.empty();
        }
        LOG.atDebug()
                .addKeyValue("reconcile", response.reconcile())
                .addKeyValue("status", health.status())
                .log("heartbeat sent");
        if (response.rotateKeys()) {
            rotateKeysAskedAt.set(now);
            LOG.atInfo().log(
                    "control plane asks to rotate this node's WireGuard key; key material is not this agent's, "
                            + "so it is left to the interface owner");
        }
        if (response.reconcile()) {
            sources.reconcile().accept(ReconcileReason.HEARTBEAT);
        }
        return Optional.of(response);
    }

    /** When the last heartbeat answer carried {@code rotate_keys: true}; empty if none did. */
    public Optional<Instant> rotateKeysAskedAt() {
        return Optional.ofNullable(rotateKeysAskedAt.get());
    }

    private void logHealthChange(NodeHealth health) {
        if (health.equals(lastHealth)) {
            return;
        }
        if (health.healthy()) {
            LOG.atInfo().log("node healthy again");
        } else {
            LOG.atInfo().addKeyValue("reason", health.reason().orElseThrow()).log("node degraded");
        }
        lastHealth = health;
    }

    /** Beats now and then every interval until the thread is interrupted. */
    public void run() throws InterruptedException {
        while (true) {
            beat();
            sleeper.sleep(interval);
        }
    }
}
