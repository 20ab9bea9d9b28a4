package io.peerexchange.testing.lab;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One run of a {@link PathCase}: milliseconds from the agents' start to the first ping reply across
 * the tunnel, from the case's network event to the first reply after it, and the path kinds the two
 * agents logged. Empty figures: no reply within the run's limit.
 *
 * @param diagnostics what the rig showed when something did not happen, else empty
 * @param timeline where the time to tunnel went: the agents' milestones in milliseconds from the start
 */
public record PathResult(
        PathCase pathCase,
        boolean connectivityChecks,
        OptionalLong tunnelMillis,
        OptionalLong recoveryMillis,
        Optional<String> kind1,
        Optional<String> kind2,
        String diagnostics,
        String timeline) {
    public PathResult {
        Objects.requireNonNull(pathCase, "pathCase");
        Objects.requireNonNull(tunnelMillis, "tunnelMillis");
        Objects.requireNonNull(recoveryMillis, "recoveryMillis");
        Objects.requireNonNull(kind1, "kind1");
        Objects.requireNonNull(kind2, "kind2");
        Objects.requireNonNull(diagnostics, "diagnostics");
        Objects.requireNonNull(timeline, "timeline");
    }

    public PathResult withDiagnostics(String text) {
        return new PathResult(pathCase, connectivityChecks, tunnelMillis, recoveryMillis, kind1, kind2, text, timeline);
    }

    /** The tunnel came up and, after an event, came back. */
    public boolean passed() {
        return tunnelMillis.isPresent() && (pathCase.event() == PathCase.Event.NONE || recoveryMillis.isPresent());
    }

    /** One line for a report: {@code (a) checks on: tunnel 5.12 s, recovery -, kinds srflx/srflx}. */
    public String summary() {
        return "(%s) %-8s connectivity_checks %-5s tunnel %s, recovery %s, path kind %s/%s"
                .formatted(
                        pathCase.letter(),
                        pathCase.topology().name().toLowerCase(Locale.ROOT),
                        connectivityChecks,
                        seconds(tunnelMillis),
                        pathCase.event() == PathCase.Event.NONE ? "n/a" : seconds(recoveryMillis),
                        kind1.orElse("-"),
                        kind2.orElse("-"));
    }

    static String seconds(OptionalLong millis) {
        return millis.isPresent() ? "%.2f s".formatted(millis.getAsLong() / 1000.0) : "none";
    }
}
