package io.peerexchange.bootstrap.status;

import io.peerexchange.adapters.controlplane.events.SseEventStream;
import io.peerexchange.adapters.controlplane.events.StreamState;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.Version;
import io.peerexchange.bootstrap.control.ControlException;
import io.peerexchange.bootstrap.control.ControlHandler;
import io.peerexchange.bootstrap.control.ControlRequest;
import io.peerexchange.domain.Exchanger;
import io.peerexchange.domain.HeartbeatLoop;
import io.peerexchange.domain.PeerDirectory;
import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.Limits;
import io.peerexchange.ports.NatInfo;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.PathEvidence;
import io.peerexchange.ports.PathKind;
import io.peerexchange.ports.PathKinds;
import io.peerexchange.ports.PeerStats;
import io.peerexchange.ports.PeerStatsReader;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.WireGuardKey;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers the control socket: {@code status} (docs/PROTOCOL.md#status-json: this node, the control plane, each
 * peer) and {@code check} ({@code live}, {@code ready}). It reads the agent's state and WireGuard,
 * and changes nothing but its own note of roamed endpoints. No secret is in any answer: public keys
 * are shortened, the control-plane URL loses user info and query.
 */
public final class StatusService implements ControlHandler {
    /** The version of the {@code status} answer's layout; it grows by added members only. */
    public static final int SCHEMA = 1;
    /** How many base64 characters of a public key the status shows, like {@code tailscale status}. */
    public static final int SHORT_KEY_CHARS = 10;
    /** The reason given for an endpoint WireGuard holds that the agent did not write. */
    public static final String ROAMED_REASON = "roamed: WireGuard followed the peer's authenticated packets";

    private final AgentConfig config;
    private final Exchanger exchanger;
    private final SseEventStream events;
    private final HeartbeatLoop heartbeat;
    private final PeerDirectory directory;
    private final PeerStatsReader wireGuard;
    private final AgentActivity activity;
    private final PathKinds pathKinds;
    private final Duration streamGrace;
    private final Duration pollInterval;
    private final Instant started;
    private final Map<WireGuardKey, AgentActivity.EndpointChange> roams = new ConcurrentHashMap<>();

    public StatusService(
            AgentConfig config,
            Exchanger exchanger,
            SseEventStream events,
            HeartbeatLoop heartbeat,
            PeerDirectory directory,
            PeerStatsReader wireGuard,
            AgentActivity activity,
            PathKinds pathKinds,
            Duration streamGrace,
            Duration pollInterval) {
        this.config = config;
        this.exchanger = exchanger;
        this.events = events;
        this.heartbeat = heartbeat;
        this.directory = directory;
        this.wireGuard = wireGuard;
        this.activity = activity;
        this.pathKinds = pathKinds;
        this.streamGrace = streamGrace;
        this.pollInterval = pollInterval;
        this.started = activity.now();
    }

    @Override
    public Map<String, Object> answer(ControlRequest request) throws ControlException {
        switch (request.request()) {
            case "status" -> {
                request.allowOnly(Set.of("peer"));
                Optional<NodeId> peer = Optional.empty();
                if (request.argument("peer").isPresent()) {
                    try {
                        peer = Optional.of(new NodeId(request.argument("peer").get()));
                    } catch (IllegalArgumentException e) {
                        throw new ControlException("invalid peer id: " + e.getMessage());
                    }
                }
                return Map.of("status", status(peer));
            }
            case "check" -> {
                request.allowOnly(Set.of("probe"));
                String probe = request.argument("probe").orElse("ready");
                List<String> reasons = switch (probe) {
                    case "live" -> List.of();
                    case "ready" -> readiness(readWireGuard()).reasons();
                    default -> throw new ControlException("unknown probe " + probe + ": live or ready");
                };
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("probe", probe);
                answer.put("passed", reasons.isEmpty());
                answer.put("reasons", reasons);
                return answer;
            }
            default -> throw new ControlException("unknown request " + request.request() + ": status or check");
        }
    }

    /** How many of WireGuard's peers are on each kind of path (the metrics' gauge). */
    public Map<PathKind, Long> pathKindCounts() {
        Map<PathKind, Long> counts = new EnumMap<>(PathKind.class);
        for (Object item : peers(readWireGuard(), activity.now(), Optional.empty())) {
            Map<?, ?> peer = (Map<?, ?>) item;
            if (Boolean.TRUE.equals(peer.get("in_wireguard"))) {
                for (PathKind kind : PathKind.values()) {
                    if (kind.wireName().equals(peer.get("path"))) {
                        counts.merge(kind, 1L, Long::sum);
                    }
                }
            }
        }
        return counts;
    }

    public boolean ready() {
        return readiness(readWireGuard()).ready();
    }

    /** One line for systemd's STATUS=: ready and what it serves, or why not. */
    public String summary() {
        WireGuardRead read = readWireGuard();
        Readiness readiness = readiness(read);
        String stream = events.isPolling() ? "polling the node state" : "events " + streamWord();
        if (!readiness.ready()) {
            return "not ready: " + String.join("; ", readiness.reasons());
        }
        return "ready: " + read.peers().size() + " WireGuard peers, " + stream
                + exchanger
                        .lastResult()
                        .map(n -> ", public " + n.publicEndpoint() + " ("
                                + n.type().wireName() + ")")
                        .orElse("");
    }

    private String streamWord() {
        return events.state() == StreamState.CONNECTED ? "up" : "down";
    }

    /** What WireGuard holds, or why it could not be read. */
    private record WireGuardRead(List<PeerStats> peers, Optional<String> error) {}

    private WireGuardRead readWireGuard() {
        try {
            return new WireGuardRead(wireGuard.readPeerStats(), Optional.empty());
        } catch (PeerUpdateException | RuntimeException e) {
            return new WireGuardRead(List.of(), Optional.of(String.valueOf(e.getMessage())));
        }
    }

    private Readiness readiness(WireGuardRead read) {
        return new Readiness(
                config.natEnabled(),
                exchanger.lastResult().isPresent(),
                events.downReason(streamGrace),
                events.isPolling(),
                activity.lastGoodNodeState(),
                activity.now(),
                pollInterval,
                read.error());
    }

    /** The {@code status} answer; {@code onlyPeer} narrows the peer list to that one id. */
    public Map<String, Object> status(Optional<NodeId> onlyPeer) {
        Instant now = activity.now();
        WireGuardRead read = readWireGuard();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("schema", SCHEMA);
        status.put("generated_at", now.toString());
        status.put("version", Version.value());
        status.put("uptime_seconds", Duration.between(started, now).toSeconds());
        status.put("node", node());
        status.put("control_plane", controlPlane());
        Map<String, Object> wg = new LinkedHashMap<>();
        wg.put("interface", config.interfaceName());
        wg.put("backend", config.wgBackend().toString());
        wg.put("reachable", read.error().isEmpty());
        wg.put("error", read.error().orElse(null));
        status.put("wireguard", wg);
        status.put("peers", peers(read, now, onlyPeer));
        Readiness readiness = readiness(read);
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("live", true);
        health.put("ready", readiness.ready());
        health.put("reasons", readiness.reasons());
        status.put("health", health);
        return status;
    }

    private Map<String, Object> node() {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", config.requiredNodeId().value());
        node.put("interface", config.interfaceName());
        node.put("backend", config.wgBackend().toString());
        node.put("listen_port", config.listenPort());
        node.put("nat_enabled", config.natEnabled());
        Optional<NatInfo> nat = exchanger.lastResult();
        node.put("public_endpoint", nat.map(n -> n.publicEndpoint().toString()).orElse(null));
        node.put("nat_type", nat.map(n -> n.type().wireName()).orElse(null));
        // No port-mapping adapter is wired yet: a mapping, when there is one, is a portmap candidate.
        List<Candidate> own =
                activity.lastReport().map(r -> r.connectivity().candidates()).orElse(List.of());
        node.put(
                "port_mapping",
                own.stream()
                        .filter(c -> c.kind() == io.peerexchange.ports.CandidateKind.PORTMAP)
                        .findFirst()
                        .map(c -> c.endpoint().toString())
                        .orElse(null));
        node.put("candidates", candidates(own));
        node.put(
                "last_discovery",
                activity.lastBinding()
                        .map(b -> {
                            Map<String, Object> d = outcome(b.outcome());
                            d.put("server", b.server().toString());
                            d.put("endpoint", b.mapped().map(Endpoint::toString).orElse(null));
                            return d;
                        })
                        .orElse(null));
        node.put("last_discovery_failure", exchanger.lastDiscoveryFailure().orElse(null));
        node.put(
                "last_report",
                activity.lastReport()
                        .map(r -> {
                            Map<String, Object> d = outcome(r.outcome());
                            d.put("endpoint", r.endpoint().toString());
                            return d;
                        })
                        .orElse(null));
        return node;
    }

    private Map<String, Object> controlPlane() {
        Map<String, Object> cp = new LinkedHashMap<>();
        cp.put(
                "url",
                config.controlPlaneUrl().map(StatusService::withoutSecrets).orElse(null));
        StreamState state = events.state();
        String stream = state == StreamState.CONNECTED ? "up" : events.isPolling() ? "polling" : "down";
        cp.put("event_stream", stream);
        cp.put("stream_state", state.name().toLowerCase(Locale.ROOT));
        cp.put("stream_connections", events.connectionCount());
        cp.put("last_event_id", events.lastEventId().isEmpty() ? null : events.lastEventId());
        cp.put(
                "last_heartbeat",
                activity.lastHeartbeat()
                        .map(b -> {
                            Map<String, Object> d = outcome(b.outcome());
                            d.put(
                                    "reconcile",
                                    b.answer().map(a -> a.reconcile()).orElse(null));
                            d.put(
                                    "rotate_keys",
                                    b.answer().map(a -> a.rotateKeys()).orElse(null));
                            return d;
                        })
                        .orElse(null));
        cp.put(
                "rotate_keys_asked_at",
                heartbeat.rotateKeysAskedAt().map(Instant::toString).orElse(null));
        cp.put(
                "last_node_state",
                activity.lastNodeState().map(StatusService::outcome).orElse(null));
        return cp;
    }

    private List<Object> peers(WireGuardRead read, Instant now, Optional<NodeId> onlyPeer) {
        Map<WireGuardKey, PeerStats> held = new HashMap<>();
        read.peers().forEach(p -> held.put(p.publicKey(), p));
        Map<WireGuardKey, NodeId> ids = new HashMap<>();
        directory.keys().forEach((id, key) -> ids.put(key, id));
        List<Map<String, Object>> out = new ArrayList<>();
        for (PeerStats stats : read.peers()) {
            Optional<NodeId> id = Optional.ofNullable(ids.get(stats.publicKey()));
            if (onlyPeer.isPresent() && !onlyPeer.equals(id)) {
                continue;
            }
            out.add(peer(id, stats.publicKey(), Optional.of(stats), now));
        }
        // Peers the control plane names but WireGuard lacks: shown, so a missing peer is visible.
        directory.keys().forEach((id, key) -> {
            if (!held.containsKey(key) && (onlyPeer.isEmpty() || onlyPeer.get().equals(id))) {
                out.add(peer(Optional.of(id), key, Optional.empty(), now));
            }
        });
        out.sort(Comparator.comparing(p -> String.valueOf(p.get("id"))));
        return new ArrayList<>(out);
    }

    private Map<String, Object> peer(Optional<NodeId> id, WireGuardKey key, Optional<PeerStats> stats, Instant now) {
        Optional<String> endpoint = stats.flatMap(PeerStats::endpoint);
        Optional<Endpoint> reported = id.flatMap(directory::endpointOf);
        Optional<AgentActivity.EndpointChange> written = activity.lastWrite(key);
        List<Candidate> candidates = id.flatMap(activity::nodeStatePeer)
                .map(p -> p.connectivity().candidates())
                .orElse(List.of());
        Map<String, Object> peer = new LinkedHashMap<>();
        peer.put("id", id.map(NodeId::value).orElse(null));
        peer.put("public_key", key.toBase64().substring(0, SHORT_KEY_CHARS));
        peer.put("in_wireguard", stats.isPresent());
        peer.put("endpoint", endpoint.orElse(null));
        peer.put("reported_endpoint", reported.map(Endpoint::toString).orElse(null));
        peer.put(
                "path",
                id.map(peerId -> pathKinds
                                .kindOf(new PathEvidence(
                                        peerId,
                                        endpoint,
                                        written.map(AgentActivity.EndpointChange::endpoint),
                                        reported,
                                        candidates))
                                .wireName())
                        .orElse("unknown"));
        Optional<Instant> handshake = stats.flatMap(PeerStats::lastHandshake);
        peer.put("latest_handshake", handshake.map(Instant::toString).orElse(null));
        peer.put(
                "latest_handshake_age_seconds",
                handshake
                        .map(h -> Math.max(0, Duration.between(h, now).toSeconds()))
                        .orElse(null));
        peer.put("rx_bytes", stats.map(PeerStats::rxBytes).orElse(null));
        peer.put("tx_bytes", stats.map(PeerStats::txBytes).orElse(null));
        Optional<AgentActivity.EndpointChange> change = lastChange(key, endpoint, written, now);
        peer.put("endpoint_changed_at", change.map(c -> c.at().toString()).orElse(null));
        peer.put(
                "endpoint_change_reason",
                change.map(AgentActivity.EndpointChange::reason).orElse(null));
        peer.put("candidates", candidates(candidates));
        return peer;
    }

    /**
     * The agent's last write, unless WireGuard now holds something else: then the first time a status
     * saw that endpoint, as a roam.
     */
    private Optional<AgentActivity.EndpointChange> lastChange(
            WireGuardKey key, Optional<String> held, Optional<AgentActivity.EndpointChange> written, Instant now) {
        if (held.isEmpty()
                || (written.isPresent() && written.get().endpoint().toString().equals(held.get()))) {
            roams.remove(key);
            return written;
        }
        if (written.isEmpty()) {
            return Optional.empty();
        }
        if (roams.size() >= Limits.MAX_PEERS && !roams.containsKey(key)) {
            return Optional.empty();
        }
        Endpoint roamed;
        try {
            roamed = Endpoint.parse(held.get());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(roams.compute(
                key,
                (k, previous) -> previous != null && previous.endpoint().equals(roamed)
                        ? previous
                        : new AgentActivity.EndpointChange(roamed, now, ROAMED_REASON)));
    }

    private static List<Object> candidates(List<Candidate> candidates) {
        List<Object> out = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", c.kind().wireName());
            m.put("endpoint", c.endpoint().toString());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> outcome(AgentActivity.Outcome outcome) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", outcome.at().toString());
        m.put("outcome", outcome.ok() ? "ok" : "failed");
        m.put("error", outcome.error().orElse(null));
        return m;
    }

    /** The URL without user info, query or fragment: those may carry credentials. */
    static String withoutSecrets(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getPath() == null ? "" : url.getPath());
    }
}
