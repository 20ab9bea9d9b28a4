package io.peerexchange.bootstrap.status;

import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointReport;
import io.peerexchange.ports.HeartbeatResponse;
import io.peerexchange.ports.Limits;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Peer;
import io.peerexchange.ports.StunServer;
import io.peerexchange.ports.WireGuardKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the agent did last, as its ports saw it: each STUN binding, endpoint report, heartbeat, node
 * state read and WireGuard endpoint write. The status answer reads it; the recording decorators in
 * the wiring fill it, so the core needs no status code of its own. Thread-safe.
 */
public final class AgentActivity {
    /** One call's time and result: {@code error} empty when it succeeded. */
    public record Outcome(Instant at, Optional<String> error) {
        public Outcome {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(error, "error");
        }

        public boolean ok() {
            return error.isEmpty();
        }
    }

    /** A STUN binding: which server, and the endpoint it saw. */
    public record Binding(StunServer server, Optional<Endpoint> mapped, Outcome outcome) {}

    /** An endpoint report and what it reported. */
    public record Report(Endpoint endpoint, Connectivity connectivity, Outcome outcome) {}

    /** A heartbeat and the control plane's answer, when there was one. */
    public record Beat(Optional<HeartbeatResponse> answer, Outcome outcome) {}

    /** An endpoint WireGuard took from the agent for a peer, when and why. */
    public record EndpointChange(Endpoint endpoint, Instant at, String reason) {}

    private final Clock clock;
    private final AtomicReference<Binding> lastBinding = new AtomicReference<>();
    private final AtomicReference<Binding> lastGoodBinding = new AtomicReference<>();
    private final AtomicReference<Report> lastReport = new AtomicReference<>();
    private final AtomicReference<Beat> lastBeat = new AtomicReference<>();
    private final AtomicReference<Outcome> lastNodeState = new AtomicReference<>();
    private final AtomicReference<Instant> lastGoodNodeState = new AtomicReference<>();
    private final AtomicReference<Map<NodeId, Peer>> nodeStatePeers = new AtomicReference<>(Map.of());
    private final Map<WireGuardKey, EndpointChange> writes = new ConcurrentHashMap<>();

    public AgentActivity(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Instant now() {
        return clock.instant();
    }

    public void binding(StunServer server, Optional<Endpoint> mapped, Optional<String> error) {
        Binding binding = new Binding(server, mapped, new Outcome(now(), error));
        lastBinding.set(binding);
        if (error.isEmpty()) {
            lastGoodBinding.set(binding);
        }
    }

    public void report(EndpointReport report, Optional<String> error) {
        lastReport.set(new Report(report.publicEndpoint(), report.connectivity(), new Outcome(now(), error)));
    }

    public void heartbeat(Optional<HeartbeatResponse> answer, Optional<String> error) {
        lastBeat.set(new Beat(answer, new Outcome(now(), error)));
    }

    /** A node-state read; its peers (with their candidates) are kept when it succeeded. */
    public void nodeState(Optional<Map<NodeId, Peer>> peers, Optional<String> error) {
        Instant at = now();
        lastNodeState.set(new Outcome(at, error));
        peers.ifPresent(p -> {
            nodeStatePeers.set(Map.copyOf(p));
            lastGoodNodeState.set(at);
        });
    }

    public void endpointWritten(WireGuardKey key, Endpoint endpoint, String reason) {
        if (writes.size() < Limits.MAX_PEERS || writes.containsKey(key)) {
            writes.put(key, new EndpointChange(endpoint, now(), reason));
        }
    }

    public Optional<Binding> lastBinding() {
        return Optional.ofNullable(lastBinding.get());
    }

    public Optional<Binding> lastGoodBinding() {
        return Optional.ofNullable(lastGoodBinding.get());
    }

    public Optional<Report> lastReport() {
        return Optional.ofNullable(lastReport.get());
    }

    public Optional<Beat> lastHeartbeat() {
        return Optional.ofNullable(lastBeat.get());
    }

    public Optional<Outcome> lastNodeState() {
        return Optional.ofNullable(lastNodeState.get());
    }

    /** When the control plane last answered a node-state read (a reconcile or a poll). */
    public Optional<Instant> lastGoodNodeState() {
        return Optional.ofNullable(lastGoodNodeState.get());
    }

    public Optional<Peer> nodeStatePeer(NodeId id) {
        return Optional.ofNullable(nodeStatePeers.get().get(id));
    }

    public Optional<EndpointChange> lastWrite(WireGuardKey key) {
        return Optional.ofNullable(writes.get(key));
    }
}
