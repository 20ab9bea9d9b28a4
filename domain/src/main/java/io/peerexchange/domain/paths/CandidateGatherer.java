package io.peerexchange.domain.paths;

import io.peerexchange.ports.Candidate;
import io.peerexchange.ports.CandidateKind;
import io.peerexchange.ports.CandidateSource;
import io.peerexchange.ports.Cidr;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.Limits;
import io.peerexchange.ports.logging.Component;
import io.peerexchange.ports.logging.ComponentLogger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Our candidates: every source's (host addresses first; port mappings and relays when such sources
 * are plugged in) and the server-reflexive endpoint discovery found, without excluded prefixes,
 * one per endpoint, best kind first, at most {@link Limits#MAX_CANDIDATES}.
 */
public final class CandidateGatherer {
    private static final ComponentLogger LOG = ComponentLogger.of(CandidateGatherer.class, Component.PATHS);

    private final List<CandidateSource> sources;
    private final List<Cidr> excluded;
    private final int listenPort;

    public CandidateGatherer(List<CandidateSource> sources, List<Cidr> excluded, int listenPort) {
        this.sources = List.copyOf(sources);
        this.excluded = List.copyOf(excluded);
        this.listenPort = listenPort;
    }

    /**
     * Asks every source, adds {@code reflexive} (discovery's mappings, one per address family) as
     * srflx, and orders the lot; a mapping equal to a host candidate is that host candidate only
     * (RFC 8445 §5.1.3).
     */
    public List<Candidate> gather(List<Endpoint> reflexive) throws InterruptedException {
        List<Candidate> all = new ArrayList<>();
        for (CandidateSource source : sources) {
            try {
                all.addAll(source.candidates(listenPort));
            } catch (RuntimeException e) {
                LOG.atWarn()
                        .addKeyValue("source", source.getClass().getSimpleName())
                        .addKeyValue("error", e.toString())
                        .log("candidate source failed; the others are used");
            }
        }
        reflexive.forEach(endpoint -> all.add(new Candidate(endpoint, CandidateKind.SRFLX)));
        // A stable sort: a source's own order (its preference) survives within each kind.
        all.sort(Comparator.comparingInt((Candidate c) -> c.kind().typePreference())
                .reversed());
        Map<Endpoint, Candidate> unique = new LinkedHashMap<>();
        for (Candidate candidate : all) {
            if (excluded.stream()
                    .anyMatch(cidr -> cidr.contains(candidate.endpoint().address()))) {
                continue;
            }
            unique.putIfAbsent(candidate.endpoint(), candidate);
        }
        List<Candidate> result = new ArrayList<>(unique.values());
        return result.size() > Limits.MAX_CANDIDATES ? List.copyOf(result.subList(0, Limits.MAX_CANDIDATES)) : result;
    }
}
