package io.peerexchange.domain.paths;

import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.CheckAnswer;
import io.peerexchange.ports.CheckReply;
import io.peerexchange.ports.CheckRequest;
import io.peerexchange.ports.Connectivity;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.IceCredentials;
import io.peerexchange.ports.IceRole;
import io.peerexchange.ports.IncomingCheck;
import io.peerexchange.ports.NodeId;
import io.peerexchange.ports.PathKind;
import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The connectivity-check state machine for all peers (docs/PROTOCOL.md#candidates): pure, driven by
 * the instants its callers pass, so a test moves time by hand. {@link #tick} returns the checks to
 * send now; answers and incoming checks come in through {@link #onAnswer} and {@link #onCheck};
 * {@link #drainChoices} hands out the pairs newly nominated, whose remote endpoint WireGuard is to
 * get. Safe for concurrent use (one lock; it never calls out while holding it).
 */
public final class PathChecker {
    private static final ComponentLogger LOG = ComponentLogger.of(PathChecker.class, Component.PATHS);

    /** Ta (RFC 8445 §14.2): at most one new check per this interval, over all peers. */
    public static final Duration PACING = Duration.ofMillis(20);
    /**
     * The first retransmission timeout of a check; it doubles with each retransmission. Short: a hole
     * is punched only once the peer's own check has left its NAT, and the retry after that is what
     * gets through, well before WireGuard's first handshake.
     */
    static final Duration INITIAL_RTO = Duration.ofMillis(50);
    /** Transmissions of one check before its pair fails: at 0, 0.05, 0.15, 0.35, 0.75, 1.55 and 3.15 s; failed at 6.35 s. */
    static final int MAX_TRANSMISSIONS = 7;
    /**
     * How long the controlling side waits for better pairs after the first success before it nominates:
     * not at all, as the endpoint must be in WireGuard before its first handshake; a better pair that
     * succeeds later is nominated then.
     */
    static final Duration NOMINATION_DELAY = Duration.ZERO;
    /** Consent checks on the nominated pair (RFC 7675), this often. */
    static final Duration CONSENT_INTERVAL = Duration.ofMillis(500);
    /**
     * The nominated pair is lost when no consent answer came for this long, three checks: one lost
     * datagram loses nothing, and the new pair's checks, the peer's own loss and WireGuard's next
     * packet still fit in 3 s (with 2 s, a loss noticed late took 3.3 s in the lab).
     */
    static final Duration CONSENT_TIMEOUT = Duration.ofMillis(1_500);
    /** Failed pairs better than the nominated one (or all, without one) are checked again this often. */
    static final Duration RECHECK_INTERVAL = Duration.ofSeconds(10);
    /** Answers to checks sent longer ago than this are ignored. */
    static final Duration PENDING_LIFETIME = Duration.ofSeconds(10);

    private enum Purpose {
        CHECK,
        NOMINATE,
        CONSENT
    }

    private record Pending(NodeId peerId, CandidatePair pair, Purpose purpose, IceRole role, Instant sentAt) {}

    private final IceCredentials local;
    private final long tieBreaker;
    private List<Candidate> localCandidates = List.of();
    private final Map<NodeId, Checklist> peers = new LinkedHashMap<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Set<Candidate> learnedLocal = new LinkedHashSet<>();
    private final List<PathChoice> choices = new ArrayList<>();
    private boolean pathsLost;
    private long nextCheckId = 1;
    private Instant lastPaced;
    private int roundRobin;

    /**
     * @param local our credentials, new at every agent start
     * @param tieBreaker our ICE tie-breaker, random per agent start
     */
    public PathChecker(IceCredentials local, long tieBreaker) {
        this.local = local;
        this.tieBreaker = tieBreaker;
    }

    public IceCredentials localCredentials() {
        return local;
    }

    /** Our candidates, in the order reported (earlier is preferred); their bases are where checks leave from. */
    public synchronized void setLocalCandidates(List<Candidate> candidates) {
        localCandidates = List.copyOf(candidates);
        peers.values().forEach(list -> list.rebuild(localCandidates));
    }

    /**
     * Learns a peer's connectivity as its control plane gave it. A peer that is not {@link
     * Connectivity#checkable()} is forgotten: it gets today's endpoint logic. New credentials (the peer
     * restarted) start its checklist afresh; new candidates keep the pairs that stay.
     */
    public synchronized void learn(NodeId peerId, WireGuardKey publicKey, Connectivity connectivity, Instant now) {
        if (!connectivity.checkable()) {
            forgetLocked(peerId);
            return;
        }
        Checklist list = peers.get(peerId);
        IceCredentials remote = connectivity.ice().orElseThrow();
        if (list != null && list.remoteIce.equals(remote)) {
            list.publicKey = publicKey;
            if (!list.reported.equals(connectivity.candidates())) {
                list.reported = connectivity.candidates();
                list.rebuild(localCandidates);
            }
            return;
        }
        IceRole role = local.ufrag().compareTo(remote.ufrag()) > 0 ? IceRole.CONTROLLING : IceRole.CONTROLLED;
        list = new Checklist(peerId, publicKey, connectivity, role, now);
        list.rebuild(localCandidates);
        peers.put(peerId, list);
        LOG.atInfo()
                .addKeyValue("peer_id", peerId)
                .addKeyValue("pairs", list.pairs.size())
                .addKeyValue("role", role)
                .log("connectivity checks started");
    }

    public synchronized void forget(NodeId peerId) {
        forgetLocked(peerId);
    }

    private void forgetLocked(NodeId peerId) {
        if (peers.remove(peerId) != null) {
            pending.values().removeIf(p -> p.peerId.equals(peerId));
            LOG.atInfo().addKeyValue("peer_id", peerId).log("connectivity checks stopped");
        }
    }

    /** The nominated pair of a peer, if any. */
    public synchronized Optional<PathChoice> chosen(NodeId peerId) {
        Checklist list = peers.get(peerId);
        return list == null || list.nominated == null ? Optional.empty() : Optional.of(choice(list, list.nominated));
    }

    /** What kind of path the checks chose for a peer; {@link PathKind#UNKNOWN} when none (yet). */
    public PathKind pathKind(NodeId peerId) {
        return chosen(peerId).map(PathChoice::kind).orElse(PathKind.UNKNOWN);
    }

    /** Our side as peers' answers showed it, where no candidate of ours says so (peer-reflexive). */
    public synchronized List<Candidate> learnedLocalCandidates() {
        return List.copyOf(learnedLocal);
    }

    /** The pairs nominated since the last call, oldest first. */
    public synchronized List<PathChoice> drainChoices() {
        List<PathChoice> out = List.copyOf(choices);
        choices.clear();
        return out;
    }

    /** The checks to send now: due retransmissions and consent checks, and at most one new check per {@link #PACING}. */
    public synchronized List<CheckRequest> tick(Instant now) {
        List<CheckRequest> out = new ArrayList<>();
        pending.values().removeIf(p -> p.sentAt.plus(PENDING_LIFETIME).isBefore(now));
        for (Checklist list : peers.values()) {
            retransmit(list, now, out);
            consent(list, now, out);
            recheck(list, now);
            nominate(list, now);
        }
        if (lastPaced == null || !now.isBefore(lastPaced.plus(PACING))) {
            CheckRequest next = nextPaced(now);
            if (next != null) {
                out.add(next);
                lastPaced = now;
            }
        }
        return out;
    }

    private void retransmit(Checklist list, Instant now, List<CheckRequest> out) {
        for (CandidatePair pair : list.pairs) {
            if (pair.nextTransmission == null || now.isBefore(pair.nextTransmission)) {
                continue;
            }
            if (pair.transmissions >= MAX_TRANSMISSIONS) {
                pending.remove(pair.checkId);
                pair.nextTransmission = null;
                if (pair.nominating) {
                    pair.nominating = false;
                }
                pair.state = PairState.FAILED;
                LOG.atDebug()
                        .addKeyValue("peer_id", list.peerId)
                        .addKeyValue("pair", pair)
                        .log("candidate pair failed: no answer");
                continue;
            }
            Pending sent = pending.get(pair.checkId);
            IceRole role = sent == null ? list.role : sent.role;
            out.add(request(list, pair, pair.checkId, role, pair.nominating));
            pair.transmissions++;
            pair.nextTransmission = now.plus(INITIAL_RTO.multipliedBy(1L << (pair.transmissions - 1)));
        }
    }

    private void consent(Checklist list, Instant now, List<CheckRequest> out) {
        CandidatePair nominated = list.nominated;
        if (nominated == null) {
            return;
        }
        if (now.isAfter(list.lastConsent.plus(CONSENT_TIMEOUT))) {
            lose(list, now);
            return;
        }
        if (!now.isBefore(list.nextConsent)) {
            long id = nextCheckId++;
            pending.put(id, new Pending(list.peerId, nominated, Purpose.CONSENT, list.role, now));
            out.add(request(list, nominated, id, list.role, false));
            list.nextConsent = now.plus(CONSENT_INTERVAL);
        }
    }

    private void lose(Checklist list, Instant now) {
        CandidatePair lost = list.nominated;
        LOG.atWarn()
                .addKeyValue("peer_id", list.peerId)
                .addKeyValue("endpoint", lost.remote.endpoint())
                .addKeyValue("kind", lost.remote.kind())
                .addKeyValue(
                        "silent_ms", Duration.between(list.lastConsent, now).toMillis())
                .log("path lost: no answer to consent checks; checking the other pairs");
        list.nominated = null;
        list.firstSuccess = null;
        for (CandidatePair pair : list.pairs) {
            if (pair != lost && pair.state != PairState.IN_PROGRESS) {
                pair.reset();
                list.triggered.add(pair);
            }
        }
        // Last, not never: after a remap or a new WAN address the peer's side of it may work again, and
        // our check from there is what teaches the peer our new (peer-reflexive) address.
        lost.reset();
        list.triggered.add(lost);
        list.lastRecheck = now;
        pathsLost = true;
    }

    /**
     * Whether a nominated path was lost since the last call: our own public address may have changed,
     * so discovery should run (and report) now rather than at the next refresh.
     */
    public synchronized boolean takePathLost() {
        boolean lost = pathsLost;
        pathsLost = false;
        return lost;
    }

    private void recheck(Checklist list, Instant now) {
        if (now.isBefore(list.lastRecheck.plus(RECHECK_INTERVAL))) {
            return;
        }
        list.lastRecheck = now;
        long floor = list.nominated == null ? -1 : list.nominated.priority(list.role);
        for (CandidatePair pair : list.pairs) {
            if (pair.state == PairState.FAILED && pair.priority(list.role) > floor) {
                pair.reset();
            }
        }
    }

    /** The controlling side nominates the best working pair once nothing better may still succeed, or after a wait. */
    private void nominate(Checklist list, Instant now) {
        if (list.role != IceRole.CONTROLLING || list.firstSuccess == null) {
            return;
        }
        if (list.pairs.stream().anyMatch(p -> p.nominating)) {
            return;
        }
        Optional<CandidatePair> best = list.bestSucceeded();
        if (best.isEmpty() || best.get() == list.nominated) {
            return;
        }
        if (list.nominated != null && best.get().priority(list.role) <= list.nominated.priority(list.role)) {
            return;
        }
        if (list.betterPending(best.get()) && now.isBefore(list.firstSuccess.plus(NOMINATION_DELAY))) {
            return;
        }
        best.get().nominating = true;
        list.triggered.addFirst(best.get());
    }

    private CheckRequest nextPaced(Instant now) {
        if (peers.isEmpty()) {
            return null;
        }
        List<Checklist> lists = new ArrayList<>(peers.values());
        for (boolean triggeredPass : new boolean[] {true, false}) {
            for (int i = 0; i < lists.size(); i++) {
                Checklist list = lists.get((roundRobin + i) % lists.size());
                CandidatePair pair = triggeredPass ? pollTriggered(list) : firstWaiting(list);
                if (pair != null) {
                    roundRobin = (roundRobin + i + 1) % lists.size();
                    return start(list, pair, now);
                }
            }
        }
        return null;
    }

    private static CandidatePair pollTriggered(Checklist list) {
        Iterator<CandidatePair> it = list.triggered.iterator();
        while (it.hasNext()) {
            CandidatePair pair = it.next();
            it.remove();
            if (pair.nominating || pair.state == PairState.WAITING || pair.state == PairState.FAILED) {
                return pair;
            }
        }
        return null;
    }

    private static CandidatePair firstWaiting(Checklist list) {
        for (CandidatePair pair : list.pairs) {
            if (pair.state == PairState.WAITING) {
                return pair;
            }
        }
        return null;
    }

    private CheckRequest start(Checklist list, CandidatePair pair, Instant now) {
        pending.remove(pair.checkId);
        pair.checkId = nextCheckId++;
        if (!pair.nominating) {
            pair.state = PairState.IN_PROGRESS;
        }
        pair.transmissions = 1;
        pair.nextTransmission = now.plus(INITIAL_RTO);
        pending.put(
                pair.checkId,
                new Pending(list.peerId, pair, pair.nominating ? Purpose.NOMINATE : Purpose.CHECK, list.role, now));
        return request(list, pair, pair.checkId, list.role, pair.nominating);
    }

    private CheckRequest request(Checklist list, CandidatePair pair, long id, IceRole role, boolean useCandidate) {
        // PRIORITY is the one a peer-reflexive candidate of ours would get from this base (RFC 8445 §7.1.1).
        long priority = pair.localPriority
                - ((long) pair.local.kind().typePreference() << 24)
                + ((long) CandidateKind.PRFLX.typePreference() << 24);
        return new CheckRequest(
                id,
                pair.remote.endpoint(),
                list.remoteIce,
                local.ufrag(),
                priority,
                role,
                tieBreaker,
                useCandidate && role == IceRole.CONTROLLING);
    }

    /**
     * An authenticated answer to one of our checks.
     *
     * @return whether it answered a check of ours still pending (and so may have changed what to send)
     */
    public synchronized boolean onAnswer(CheckAnswer answer, Instant now) {
        Pending sent = pending.remove(answer.checkId());
        if (sent == null) {
            return false;
        }
        Checklist list = peers.get(sent.peerId);
        CandidatePair pair = sent.pair;
        if (list == null || !list.pairs.contains(pair) || !answer.from().equals(pair.remote.endpoint())) {
            return false;
        }
        if (sent.purpose != Purpose.CONSENT) {
            pair.nextTransmission = null;
        }
        if (answer.roleConflict()) {
            // RFC 8445 §7.2.5.1: take the other role than the one the check claimed, and check again.
            switchRole(list, sent.role.other(), "the peer answered 487 Role Conflict");
            pair.reset();
            list.triggered.addFirst(pair);
            return true;
        }
        Endpoint mapped = answer.mapped().orElseThrow();
        if (localCandidates.stream().noneMatch(c -> c.endpoint().equals(mapped))
                && learnedLocal.add(new Candidate(mapped, CandidateKind.PRFLX))) {
            LOG.atInfo()
                    .addKeyValue("peer_id", list.peerId)
                    .addKeyValue("endpoint", mapped)
                    .log("peer-reflexive candidate learned: a peer saw our check come from there");
        }
        switch (sent.purpose) {
            case CONSENT -> {
                if (pair == list.nominated) {
                    list.lastConsent = now;
                }
            }
            case NOMINATE -> {
                pair.nominating = false;
                pair.state = PairState.SUCCEEDED;
                nominated(list, pair, now);
            }
            case CHECK -> {
                pair.state = PairState.SUCCEEDED;
                if (list.firstSuccess == null) {
                    list.firstSuccess = now;
                }
                LOG.atDebug()
                        .addKeyValue("peer_id", list.peerId)
                        .addKeyValue("pair", pair)
                        .log("candidate pair succeeded");
                if (list.role == IceRole.CONTROLLED && pair.nominationRequested) {
                    nominated(list, pair, now);
                }
            }
        }
        return true;
    }

    /**
     * An authenticated check from a peer: decides the answer (RFC 8445 §7.3), learns a
     * peer-reflexive candidate from its source, and queues a triggered check back.
     */
    public synchronized CheckReply onCheck(IncomingCheck check, Instant now) {
        Checklist list = null;
        for (Checklist candidate : peers.values()) {
            if (candidate.remoteIce.ufrag().equals(check.remoteUfrag())) {
                list = candidate;
                break;
            }
        }
        if (list == null) {
            return CheckReply.DROP;
        }
        if (list.role == check.role()) {
            boolean weWin = Long.compareUnsigned(tieBreaker, check.tieBreaker()) >= 0;
            if (list.role == IceRole.CONTROLLING) {
                if (weWin) {
                    return CheckReply.ROLE_CONFLICT;
                }
                switchRole(list, IceRole.CONTROLLED, "the peer also claims to control and its tie-breaker is larger");
            } else {
                if (!weWin) {
                    return CheckReply.ROLE_CONFLICT;
                }
                switchRole(
                        list,
                        IceRole.CONTROLLING,
                        "the peer also claims to be controlled and our tie-breaker is larger");
            }
        }
        Candidate source = new Candidate(check.from(), CandidateKind.PRFLX);
        Optional<CandidatePair> pair = list.pairTo(source);
        if (pair.isEmpty()) {
            list.learnedRemote.put(source, check.priority());
            list.rebuild(localCandidates);
            pair = list.pairTo(source);
            LOG.atInfo()
                    .addKeyValue("peer_id", list.peerId)
                    .addKeyValue("endpoint", check.from())
                    .log("peer-reflexive candidate learned: a check came from an address the peer did not report");
        }
        if (pair.isEmpty()) {
            // No base of ours in that address family: answer, but there is nothing to check back.
            return CheckReply.SUCCESS;
        }
        CandidatePair p = pair.get();
        if (p.state == PairState.WAITING || p.state == PairState.FAILED) {
            p.reset();
            if (!list.triggered.contains(p)) {
                list.triggered.add(p);
            }
        }
        if (check.useCandidate() && list.role == IceRole.CONTROLLED) {
            p.nominationRequested = true;
            if (p.state == PairState.SUCCEEDED) {
                nominated(list, p, now);
            }
        }
        return CheckReply.SUCCESS;
    }

    private void switchRole(Checklist list, IceRole role, String why) {
        if (list.role == role) {
            return;
        }
        list.role = role;
        list.resort();
        LOG.atInfo()
                .addKeyValue("peer_id", list.peerId)
                .addKeyValue("role", role)
                .addKeyValue("reason", why)
                .log("ICE role switched");
    }

    private void nominated(Checklist list, CandidatePair pair, Instant now) {
        list.lastConsent = now;
        list.nextConsent = now.plus(CONSENT_INTERVAL);
        if (pair == list.nominated) {
            return;
        }
        CandidatePair previous = list.nominated;
        list.nominated = pair;
        for (CandidatePair other : list.pairs) {
            other.nominationRequested = other == pair && other.nominationRequested;
        }
        PathChoice choice = choice(list, pair);
        choices.add(choice);
        LOG.atInfo()
                .addKeyValue("peer_id", list.peerId)
                .addKeyValue("endpoint", pair.remote.endpoint())
                .addKeyValue("kind", choice.kind())
                .addKeyValue("local", pair.local.endpoint())
                .addKeyValue("previous", previous == null ? "" : previous.remote.toString())
                .addKeyValue("role", list.role)
                .addKeyValue("priority", pair.priority(list.role))
                .log("path chosen");
    }

    private static PathChoice choice(Checklist list, CandidatePair pair) {
        return new PathChoice(list.peerId, list.publicKey, pair.remote, pair.local);
    }
}
