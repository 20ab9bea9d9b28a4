package io.peerexchange.bootstrap.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the agent does its job (docs/PROTOCOL.md#health-checks): it knows its own endpoint (or NAT
 * traversal is off), hears from the control plane (the event stream, or polling that gets answers),
 * and reaches WireGuard.
 *
 * @param natEnabled       whether the agent discovers its endpoint at all
 * @param discovered       whether a discovery has succeeded
 * @param streamDown       why the event stream counts as down; empty while it is up (or reconnecting
 *                         within its grace)
 * @param polling          whether the polling fallback runs
 * @param lastGoodPoll     when the control plane last answered a node-state read
 * @param now              the time of the check
 * @param pollInterval     the polling fallback's period
 * @param wireGuardError   why WireGuard could not be read; empty when it was
 */
public record Readiness(
        boolean natEnabled,
        boolean discovered,
        Optional<String> streamDown,
        boolean polling,
        Optional<Instant> lastGoodPoll,
        Instant now,
        Duration pollInterval,
        Optional<String> wireGuardError) {
    /** A poll answered within this many poll intervals counts as a working fallback: one lost poll is no outage. */
    public static final int POLLS_MISSED_BEFORE_NOT_READY = 3;

    public Readiness {
        Objects.requireNonNull(streamDown, "streamDown");
        Objects.requireNonNull(lastGoodPoll, "lastGoodPoll");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(wireGuardError, "wireGuardError");
    }

    /** Why the agent is not ready; empty when it is. */
    public List<String> reasons() {
        List<String> reasons = new ArrayList<>(3);
        if (natEnabled && !discovered) {
            reasons.add("no discovery has succeeded yet");
        }
        if (streamDown.isPresent() && !pollingWorks()) {
            reasons.add(streamDown.get() + (polling ? "; polling gets no answer" : ""));
        }
        wireGuardError.ifPresent(e -> reasons.add("WireGuard not reachable: " + e));
        return reasons;
    }

    public boolean ready() {
        return reasons().isEmpty();
    }

    private boolean pollingWorks() {
        return polling
                && lastGoodPoll
                        .map(at -> !at.isBefore(now.minus(pollInterval.multipliedBy(POLLS_MISSED_BEFORE_NOT_READY))))
                        .orElse(false);
    }
}
