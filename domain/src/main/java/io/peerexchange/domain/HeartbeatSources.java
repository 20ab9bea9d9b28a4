package io.peerexchange.domain;

import io.peerexchange.ports.NatInfo;
import io.peerexchange.ports.NodeHealth;
import io.peerexchange.ports.ReconcileReason;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a heartbeat reports and where its answer goes.
 *
 * @param nat the last NAT result (empty before the first discovery)
 * @param health the agent's health now
 * @param reconcile what to call when the answer asks for a reconcile
 */
public record HeartbeatSources(
        Supplier<Optional<NatInfo>> nat, Supplier<NodeHealth> health, Consumer<ReconcileReason> reconcile) {
    public HeartbeatSources {
        Objects.requireNonNull(nat, "nat");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(reconcile, "reconcile");
    }
}
