package io.peerexchange.benchmarks.results;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One line of BENCHMARKS.md: our median against the alternative's, measured in the same run.
 *
 * @param id          stable key, orders the table (e.g. {@code 1a-stun-decode})
 * @param what        what was measured, in words
 * @param unit        unit of both medians (e.g. {@code µs}, {@code MB/s})
 * @param ours        our median; empty when the row could not be measured
 * @param alternative what users would pick instead, in words ({@code —} when there is none)
 * @param theirs      the alternative's median; empty when there is none or it was not measured
 * @param higherIsBetter true for throughput, false for times
 * @param target      the target in words
 * @param met         whether the target is met; empty for reference rows without a target or rows not measured
 * @param command     the exact command that produced the figures
 * @param note        extra figures (p99, spread) or why the row was not measured
 */
public record Row(
        String id,
        String what,
        String unit,
        OptionalDouble ours,
        String alternative,
        OptionalDouble theirs,
        boolean higherIsBetter,
        String target,
        Verdict met,
        String command,
        String note) {
    public Row {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(ours, "ours");
        Objects.requireNonNull(alternative, "alternative");
        Objects.requireNonNull(theirs, "theirs");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(met, "met");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(note, "note");
        if (id.isBlank()) {
            throw new IllegalArgumentException("row id must not be blank");
        }
    }

    /** How many times better ours is than the alternative (&gt; 1 means ours wins), when both exist. */
    public OptionalDouble advantage() {
        if (ours.isEmpty() || theirs.isEmpty() || ours.getAsDouble() == 0 || theirs.getAsDouble() == 0) {
            return OptionalDouble.empty();
        }
        double ratio =
                higherIsBetter ? ours.getAsDouble() / theirs.getAsDouble() : theirs.getAsDouble() / ours.getAsDouble();
        return OptionalDouble.of(ratio);
    }

    /** The target a median row points at: the same measurement's p99 row carries it. */
    public static final String P99_IS_THE_TARGET = "— (p99 is the target)";

    /**
     * The median row beside a p99 row: times (lower is better), no target of its own, the maxima in the
     * note.
     */
    public static Row median(
            String id,
            String what,
            String unit,
            double[] ours,
            String alternative,
            double[] theirs,
            String command,
            String oursName,
            String theirsName,
            String format) {
        return new Row(
                id,
                what + " (median)",
                unit,
                OptionalDouble.of(Stats.median(ours)),
                alternative,
                OptionalDouble.of(Stats.median(theirs)),
                false,
                P99_IS_THE_TARGET,
                Verdict.NO_TARGET,
                command,
                String.format(
                        "max: %s " + format + " %s, %s " + format + " %s",
                        oursName,
                        Stats.percentile(ours, 100),
                        unit,
                        theirsName,
                        Stats.percentile(theirs, 100),
                        unit));
    }

    /** A row that could not be measured in this run, with the reason. */
    public static Row notMeasured(
            String id, String what, String unit, String alternative, String target, String command, String reason) {
        return new Row(
                id,
                what,
                unit,
                OptionalDouble.empty(),
                alternative,
                OptionalDouble.empty(),
                false,
                target,
                Verdict.NOT_MEASURED,
                command,
                reason);
    }

    /** Whether a row's target holds. */
    public enum Verdict {
        MET("met"),
        NOT_MET("**not met**"),
        NO_TARGET("— (reference)"),
        NOT_MEASURED("not measured");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public static Verdict of(boolean met) {
            return met ? MET : NOT_MET;
        }
    }
}
