package io.peerexchange.ports;

import java.util.List;

/** Per-peer outcomes of one {@link PeerUpdater#updateEndpoints} call, in request order. */
public record UpdateReport(List<UpdateOutcome> outcomes) {
    public UpdateReport {
        outcomes = List.copyOf(outcomes);
    }

    public long count(UpdateOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }
}
