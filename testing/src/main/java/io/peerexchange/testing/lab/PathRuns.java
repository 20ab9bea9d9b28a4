package io.peerexchange.testing.lab;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

/** Runs of the lab matrix: one {@link PathCase}, or the time to tunnel of idle WireGuards. */
public final class PathRuns {
    /** The tunnel is pinged this long after a network event before the run counts it as down. */
    public static final long SETTLE_MILLIS = 1_000;
    /**
     * Pings after a network event go this often (seconds): a recovery measured with one ping a second
     * reads up to a second late, which alone decides whether a 2.1 s recovery shows as 2 or 3 s.
     */
    public static final String RECOVERY_PING_INTERVAL = "0.2";

    private PathRuns() {}

    /**
     * Builds the case's rig, starts the agents while peer 1 pings peer 2 from that moment on, and
     * waits up to {@code limitMillis} for a reply; with an event, applies it a moment after the
     * tunnel is up and waits as long again for a reply after it.
     */
    public static PathResult run(
            PathCase pathCase, String prefix, boolean checks, String controlPlaneClasspath, long limitMillis)
            throws IOException, InterruptedException {
        return run(
                pathCase,
                pathCase.rig(prefix).connectivityChecks(checks).controlPlaneClasspath(controlPlaneClasspath),
                limitMillis);
    }

    /** As {@link #run(PathCase, String, boolean, String, long)}, with a rig built elsewhere (other agent options). */
    public static PathResult run(PathCase pathCase, PathRig.Builder builder, long limitMillis)
            throws IOException, InterruptedException {
        boolean checks = builder.connectivityChecksOn();
        try (PathRig rig = builder.start()) {
            OptionalLong tunnel;
            long start;
            try (TunnelPing ping = rig.ping(1)) {
                start = rig.startAgents();
                tunnel = since(start, ping.awaitFirstReply(limitMillis));
            }
            OptionalLong recovery = OptionalLong.empty();
            String timeline = "";
            if (tunnel.isPresent() && pathCase.event() != PathCase.Event.NONE) {
                Thread.sleep(SETTLE_MILLIS);
                long event = System.currentTimeMillis();
                pathCase.event().apply(rig.lab());
                timeline = "== " + pathCase.event() + " applied at " + Instant.ofEpochMilli(event) + "\n";
                try (TunnelPing ping = rig.ping(1, RECOVERY_PING_INTERVAL)) {
                    recovery = since(event, ping.awaitFirstReply(limitMillis));
                }
            }
            PathResult result = new PathResult(
                    pathCase, checks, tunnel, recovery, rig.pathKind(1), rig.pathKind(2), "", rig.timeline(start));
            // After an event the paths' timeline explains a slow recovery too.
            return result.passed() && timeline.isEmpty()
                    ? result
                    : result.withDiagnostics(timeline + rig.diagnostics());
        }
    }

    /**
     * Two NATs, neither WireGuard with a keepalive nor anything to send: peer 1 starts pinging
     * {@code offerAfterMillis} after the agents' start. Answers the milliseconds from the start to
     * the first reply (empty: none within {@code limitMillis} of the start), and the diagnostics.
     */
    public static PathResult idleTunnel(
            String prefix, boolean checks, String controlPlaneClasspath, long offerAfterMillis, long limitMillis)
            throws IOException, InterruptedException {
        try (PathRig rig = PathRig.builder(prefix)
                .connectivityChecks(checks)
                .controlPlaneClasspath(controlPlaneClasspath)
                .start()) {
            long start = rig.startAgents();
            Thread.sleep(Math.max(0, start + offerAfterMillis - System.currentTimeMillis()));
            OptionalLong tunnel;
            try (TunnelPing ping = rig.ping(1)) {
                tunnel = since(
                        start, ping.awaitFirstReply(Math.max(0, start + limitMillis - System.currentTimeMillis())));
            }
            return new PathResult(
                    PathCase.A_TWO_NATS,
                    checks,
                    tunnel,
                    OptionalLong.empty(),
                    rig.pathKind(1),
                    rig.pathKind(2),
                    tunnel.isPresent() ? "" : rig.diagnostics(),
                    rig.timeline(start));
        }
    }

    private static OptionalLong since(long start, OptionalLong at) {
        return at.isPresent() ? OptionalLong.of(at.getAsLong() - start) : OptionalLong.empty();
    }

    /** The median, a missing figure (no tunnel) counting as slower than any; empty when the median run had none. */
    public static OptionalLong median(List<OptionalLong> figures) {
        List<Long> sorted = new ArrayList<>();
        figures.forEach(figure -> sorted.add(figure.isPresent() ? figure.getAsLong() : Long.MAX_VALUE));
        Collections.sort(sorted);
        long middle = sorted.get(sorted.size() / 2);
        return middle == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(middle);
    }
}
