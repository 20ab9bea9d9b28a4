package io.peerexchange.domain.paths;

import io.peerexchange.domain.EndpointChoices;
import io.peerexchange.domain.Sleeper;
import io.peerexchange.domain.Wake;
import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CheckAnswer;
import io.peerexchange.ports.CheckListener;
import io.peerexchange.ports.CheckReply;
import io.peerexchange.ports.CheckRequest;
import io.peerexchange.ports.CheckTransport;
import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.IncomingCheck;
import io.peerexchange.ports.Limits;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.PathKind;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The connectivity checks at work: a {@link PathChecker} driven by the clock every {@link
 * PathChecker#PACING} on its own thread, its checks sent and answered through the {@link
 * CheckTransport}, its nominations written through a {@link ChoiceWriter}. It is the endpoint
 * applier's {@link EndpointChoices}, and what the agent reports as its connectivity.
 */
public final class Paths implements EndpointChoices, AutoCloseable {
    private static final ComponentLogger LOG = ComponentLogger.of(Paths.class, Component.PATHS);
    static final String THREAD_NAME = "px-paths";

    private final PathChecker checker;
    private final CandidateGatherer gatherer;
    private final CheckTransport transport;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ChoiceWriter writer;
    private final Optional<RelayPolicy> relay;
    private volatile Runnable onPathLost = () -> {};
    /**
     * Ends the loop's wait when there is something to send at once: a peer's candidates learned, an
     * answer (a nomination to follow), a peer's check (a triggered check back). Checks still leave at
     * most one new one per {@link PathChecker#PACING}; without a raise the loop steps every PACING.
     */
    private final Wake wake = new Wake();

    private Thread loop;
    private volatile boolean closed;

    public Paths(
            PathChecker checker,
            CandidateGatherer gatherer,
            CheckTransport transport,
            Clock clock,
            Sleeper sleeper,
            ChoiceWriter writer) {
        this(checker, gatherer, transport, clock, sleeper, writer, Optional.empty());
    }

    /** With a relay policy: relayed peers keep the relay's endpoint until the policy lets a direct pair take over. */
    public Paths(
            PathChecker checker,
            CandidateGatherer gatherer,
            CheckTransport transport,
            Clock clock,
            Sleeper sleeper,
            ChoiceWriter writer,
            Optional<RelayPolicy> relay) {
        this.relay = relay;
        this.checker = checker;
        this.gatherer = gatherer;
        this.transport = transport;
        this.clock = clock;
        this.sleeper = sleeper;
        this.writer = writer;
    }

    /** Called (on the checks' thread) when a nominated path is lost: discovery should run now. */
    public void onPathLost(Runnable action) {
        this.onPathLost = Objects.requireNonNull(action, "action");
    }

    /**
     * Starts answering and sending checks from the WireGuard port. Checks for a peer start as soon as
     * its candidates are learned, on both sides, so each NAT has outbound state before WireGuard's
     * handshake.
     *
     * @throws StunException when the WireGuard port can be neither bound nor shared
     */
    public synchronized void start() throws StunException {
        if (loop != null || closed) {
            return;
        }
        transport.start(checker.localCredentials(), new CheckListener() {
            @Override
            public void onAnswer(CheckAnswer answer) {
                if (checker.onAnswer(answer, clock.instant())) {
                    wake.raise();
                }
            }

            @Override
            public CheckReply onCheck(IncomingCheck check) {
                CheckReply reply = checker.onCheck(check, clock.instant());
                if (reply != CheckReply.DROP) {
                    wake.raise();
                }
                return reply;
            }
        });
        loop = new Thread(this::run, THREAD_NAME);
        loop.setDaemon(true);
        loop.start();
        relay.ifPresent(RelayPolicy::start);
        LOG.atInfo().addKeyValue("ufrag", checker.localCredentials().ufrag()).log("connectivity checks ready");
    }

    private void run() {
        try {
            while (!closed) {
                step();
                sleeper.sleep(PathChecker.PACING, wake);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One round: the checks due, then the nominations, written. */
    void step() {
        for (CheckRequest request : checker.tick(clock.instant())) {
            transport.send(request);
        }
        if (checker.takePathLost()) {
            onPathLost.run();
        }
        for (PathChoice choice : checker.drainChoices()) {
            if (relay.isPresent() && relay.get().relayed(choice.peerId()).isPresent()) {
                continue;
            }
            try {
                writer.write(choice);
            } catch (RuntimeException e) {
                LOG.atWarn()
                        .addKeyValue("peer_id", choice.peerId())
                        .addKeyValue("error", e.toString())
                        .log("writing the chosen path failed");
            }
        }
    }

    /**
     * Gathers our candidates afresh (with {@code reflexive}, discovery's mappings, as srflx) and
     * returns what to report: them, the peer-reflexive ones checks taught us, and our credentials.
     */
    public Connectivity gather(List<Endpoint> reflexive) throws InterruptedException {
        List<Candidate> local = gatherer.gather(reflexive);
        checker.setLocalCandidates(local);
        Set<Candidate> reported = new LinkedHashSet<>(local);
        for (Candidate learned : checker.learnedLocalCandidates()) {
            if (reported.stream().noneMatch(c -> c.endpoint().equals(learned.endpoint()))) {
                reported.add(learned);
            }
        }
        List<Candidate> list = new ArrayList<>(reported);
        if (list.size() > Limits.MAX_CANDIDATES) {
            list = list.subList(0, Limits.MAX_CANDIDATES);
        }
        return new Connectivity(list, Optional.of(checker.localCredentials()));
    }

    @Override
    public void learn(NodeId peerId, WireGuardKey publicKey, Connectivity connectivity) {
        checker.learn(peerId, publicKey, connectivity, clock.instant());
        relay.ifPresent(r -> r.learn(peerId, publicKey, connectivity));
        wake.raise();
    }

    @Override
    public void forget(NodeId peerId) {
        checker.forget(peerId);
        relay.ifPresent(r -> r.forget(peerId));
    }

    @Override
    public Optional<Endpoint> chosen(NodeId peerId) {
        Optional<Endpoint> relayed = relay.flatMap(r -> r.relayed(peerId));
        if (relayed.isPresent()) {
            return relayed;
        }
        return checker.chosen(peerId).map(choice -> choice.remote().endpoint());
    }

    /** The kind of path chosen for a peer, for status; {@link PathKind#UNKNOWN} when none. */
    public PathKind pathKind(NodeId peerId) {
        return checker.pathKind(peerId);
    }

    public Optional<PathChoice> choice(NodeId peerId) {
        return checker.chosen(peerId);
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = loop;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (relay.isPresent()) {
            try {
                relay.get().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        transport.close();
    }
}
