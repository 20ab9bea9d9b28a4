package io.peerexchange.domain.paths;

import io.peerexchange.domain.Sleeper;
import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.Relay;
import io.peerexchange.ports.RelayedPath;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides per peer when the relay carries its traffic. {@code auto}: a checkable peer that no
 * direct pair reached within {@link #CHECK_TIMEOUT} is relayed; once a direct pair is verified
 * (nominated and kept by consent) WireGuard goes direct at once, and the relay is released after
 * the direct pair has held for {@link #DIRECT_HOLD}. {@code always}: every checkable peer is
 * relayed. {@code off}: never. A relay that fails is tried again after {@link #RELAY_RETRY},
 * doubling. When a relayed peer reports a relay candidate of its own, the
 * channel moves to it (relay to relay crosses no NAT). It runs on its own thread, since getting an allocation may wait
 * seconds for a server and the checks must not wait with it.
 */
public final class RelayPolicy implements AutoCloseable {
    /** Longer than a pair's five check transmissions (0.25 s doubling: 7.75 s) take to fail. */
    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(8);
    /** How long a direct pair carries the traffic before the relay is given back. */
    public static final Duration DIRECT_HOLD = Duration.ofSeconds(10);
    /** How often the policy looks at the peers. */
    public static final Duration TICK = Duration.ofMillis(250);
    /**
     * A relay that failed for a peer no direct pair reaches is tried again this soon, the wait
     * doubling with each failure up to {@link #RELAY_RETRY_MAX}: the checks' verdict stands, and a
     * TURN server back from a restart should carry the peer again within a second or two.
     */
    public static final Duration RELAY_RETRY = Duration.ofSeconds(1);

    public static final Duration RELAY_RETRY_MAX = Duration.ofSeconds(30);

    static final String THREAD_NAME = "peerexchange-relay-policy";
    private static final ComponentLogger LOG = ComponentLogger.of(RelayPolicy.class, Component.RELAY);

    private final RelayMode mode;
    private final Relay relay;
    private final Function<NodeId, Optional<PathChoice>> direct;
    private final ChoiceWriter writer;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Map<NodeId, PeerState> peers = new LinkedHashMap<>();
    private final List<Endpoint> forgotten = new ArrayList<>();
    private Thread loop;
    private volatile boolean closed;

    /**
     * @param direct the pair the connectivity checks nominated for a peer, if any ({@code PathChecker::chosen})
     * @param writer where a relayed path goes (WireGuard's endpoint for the peer becomes the proxy)
     */
    public RelayPolicy(
            RelayMode mode,
            Relay relay,
            Function<NodeId, Optional<PathChoice>> direct,
            ChoiceWriter writer,
            Clock clock,
            Sleeper sleeper) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.relay = Objects.requireNonNull(relay, "relay");
        this.direct = Objects.requireNonNull(direct, "direct");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    private static final class PeerState {
        WireGuardKey key;
        Connectivity connectivity;
        Instant since;
        Endpoint remote;
        RelayedPath path;
        Instant directSince;
        /** After a failed relay: not before this. */
        Instant retryAt;

        Duration retryDelay = RELAY_RETRY;
    }

    /** A peer's candidates, as learned from the control plane; only checkable peers can be relayed. */
    public synchronized void learn(NodeId peerId, WireGuardKey key, Connectivity connectivity) {
        if (mode == RelayMode.OFF || !connectivity.checkable()) {
            return;
        }
        PeerState state = peers.get(peerId);
        if (state == null) {
            state = new PeerState();
            state.since = clock.instant();
            peers.put(peerId, state);
        }
        state.key = key;
        state.connectivity = connectivity;
    }

    /** The peer is gone: its relayed path, if any, is released by the next round (never on the caller's thread). */
    public synchronized void forget(NodeId peerId) {
        PeerState state = peers.remove(peerId);
        if (state != null && state.path != null) {
            forgotten.add(state.remote);
        }
    }

    /**
     * The proxy endpoint WireGuard holds for a relayed peer; empty when the peer is not relayed,
     * or (in {@code auto}) a verified direct pair exists, which then wins.
     */
    public synchronized Optional<Endpoint> relayed(NodeId peerId) {
        PeerState state = peers.get(peerId);
        if (state == null || state.path == null) {
            return Optional.empty();
        }
        if (mode == RelayMode.AUTO && directPair(peerId).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(state.path.proxy());
    }

    private Optional<PathChoice> directPair(NodeId peerId) {
        return direct.apply(peerId).filter(c -> c.remote().kind() != CandidateKind.RELAY);
    }

    /** One round: relay the peers that need it, release those a direct pair has carried long enough. */
    public void step() throws InterruptedException {
        Instant now = clock.instant();
        List<NodeId> toRelay = new ArrayList<>();
        List<Endpoint> toRelease = new ArrayList<>();
        synchronized (this) {
            toRelease.addAll(forgotten);
            forgotten.clear();
            for (Map.Entry<NodeId, PeerState> entry : peers.entrySet()) {
                PeerState state = entry.getValue();
                boolean directNow =
                        mode == RelayMode.AUTO && directPair(entry.getKey()).isPresent();
                if (directNow) {
                    if (state.path != null) {
                        state.directSince = state.directSince == null ? now : state.directSince;
                        if (!now.isBefore(state.directSince.plus(DIRECT_HOLD))) {
                            LOG.atInfo()
                                    .addKeyValue("peer_id", entry.getKey())
                                    .addKeyValue(
                                            "direct_for_ms",
                                            Duration.between(state.directSince, now)
                                                    .toMillis())
                                    .log("relay left: a direct pair carries the traffic");
                            toRelease.add(state.remote);
                            state.path = null;
                            state.remote = null;
                            state.directSince = null;
                        }
                    }
                    continue;
                }
                state.directSince = null;
                if (state.path != null && !target(state.connectivity).equals(state.remote)) {
                    // the peer reported a better target (its own relay): move the channel there
                    toRelease.add(state.remote);
                    state.path = null;
                    state.remote = null;
                    toRelay.add(entry.getKey());
                    continue;
                }
                if (state.path == null
                        && (mode == RelayMode.ALWAYS || !now.isBefore(state.since.plus(CHECK_TIMEOUT)))
                        && (state.retryAt == null || !now.isBefore(state.retryAt))) {
                    toRelay.add(entry.getKey());
                }
            }
        }
        // relay first: releasing a peer's old target before its new one is bound could give the
        // allocation back in between, and with it the relayed address the other side holds
        for (NodeId peerId : toRelay) {
            relayPeer(peerId, now);
        }
        for (Endpoint remote : toRelease) {
            relay.release(remote);
        }
    }

    private void relayPeer(NodeId peerId, Instant now) throws InterruptedException {
        Endpoint remote;
        synchronized (this) {
            PeerState state = peers.get(peerId);
            if (state == null) {
                return;
            }
            remote = target(state.connectivity);
        }
        Optional<RelayedPath> path = relay.relay(remote);
        PathChoice choice = null;
        synchronized (this) {
            PeerState state = peers.get(peerId);
            if (state == null) {
                return;
            }
            if (path.isEmpty()) {
                // the relay logged why it failed
                state.retryAt = now.plus(state.retryDelay);
                state.retryDelay = min(state.retryDelay.multipliedBy(2), RELAY_RETRY_MAX);
                return;
            }
            state.retryAt = null;
            state.retryDelay = RELAY_RETRY;
            state.path = path.get();
            state.remote = remote;
            choice = new PathChoice(
                    peerId,
                    state.key,
                    new Candidate(path.get().proxy(), CandidateKind.RELAY),
                    new Candidate(path.get().relayed(), CandidateKind.RELAY));
        }
        LOG.atInfo()
                .addKeyValue("peer_id", peerId)
                .addKeyValue("remote", remote)
                .addKeyValue("proxy", path.get().proxy())
                .addKeyValue("relayed", path.get().relayed())
                .addKeyValue("mode", mode)
                .log("relay used: no direct pair works");
        writer.write(choice);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Where the relay sends for a peer: its own relay candidate when it has one (relay to relay
     * crosses no NAT), else its server-reflexive one, else its first candidate.
     */
    static Endpoint target(Connectivity connectivity) {
        List<Candidate> candidates = connectivity.candidates();
        for (CandidateKind kind : List.of(CandidateKind.RELAY, CandidateKind.SRFLX)) {
            for (Candidate candidate : candidates) {
                if (candidate.kind() == kind) {
                    return candidate.endpoint();
                }
            }
        }
        return candidates.get(0).endpoint();
    }

    /** Starts the policy's thread (not for {@code off}). */
    public synchronized void start() {
        if (mode == RelayMode.OFF || loop != null || closed) {
            return;
        }
        loop = new Thread(this::run, THREAD_NAME);
        loop.setDaemon(true);
        loop.start();
    }

    private void run() {
        try {
            while (!closed) {
                try {
                    step();
                } catch (RuntimeException e) {
                    LOG.atWarn().addKeyValue("error", e.toString()).log("relay policy round failed");
                }
                sleeper.sleep(TICK);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the thread and releases every relayed path. */
    @Override
    public void close() throws InterruptedException {
        Thread running;
        List<Endpoint> remotes = new ArrayList<>();
        synchronized (this) {
            closed = true;
            running = loop;
            remotes.addAll(forgotten);
            forgotten.clear();
            for (PeerState state : peers.values()) {
                if (state.path != null) {
                    remotes.add(state.remote);
                }
            }
            peers.clear();
        }
        if (running != null) {
            running.interrupt();
            running.join(500);
        }
        for (Endpoint remote : remotes) {
            relay.release(remote);
        }
    }
}
