package io.peerexchange.ports.testing;

import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.EndpointUpdate;
import io.peerexchange.ports.PeerUpdateException;
import io.peerexchange.ports.PeerUpdater;
import io.peerexchange.ports.UpdateOutcome;
import io.peerexchange.ports.UpdateReport;
import io.peerexchange.ports.WireGuardKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory WireGuard with the semantics of the port: existing peers only, endpoint only,
 * unchanged endpoints not written, a live roamed path kept.
 */
public final class FakePeerUpdater implements PeerUpdater {
    private final Map<WireGuardKey, Endpoint> endpoints = new LinkedHashMap<>();
    private final Set<WireGuardKey> peers = new HashSet<>();
    private final Set<WireGuardKey> receiving = new HashSet<>();
    private final Map<WireGuardKey, String> failing = new HashMap<>();
    private final List<EndpointUpdate> writes = new ArrayList<>();
    private PeerUpdateException unreachable;
    private int calls;

    /** An existing peer with an endpoint (null: none yet). */
    public synchronized FakePeerUpdater peer(WireGuardKey key, String endpoint) {
        peers.add(key);
        if (endpoint != null) {
            endpoints.put(key, Endpoint.parse(endpoint));
        } else {
            endpoints.remove(key);
        }
        return this;
    }

    /** WireGuard is still receiving from this peer at its current endpoint. */
    public synchronized FakePeerUpdater receiving(WireGuardKey key) {
        receiving.add(key);
        return this;
    }

    public synchronized FakePeerUpdater failFor(WireGuardKey key, String reason) {
        failing.put(key, reason);
        return this;
    }

    public synchronized FakePeerUpdater unreachable(PeerUpdateException e) {
        this.unreachable = e;
        return this;
    }

    public synchronized Optional<Endpoint> endpointOf(WireGuardKey key) {
        return Optional.ofNullable(endpoints.get(key));
    }

    public synchronized boolean exists(WireGuardKey key) {
        return peers.contains(key);
    }

    /** Every endpoint actually written, in order. */
    public synchronized List<EndpointUpdate> writes() {
        return List.copyOf(writes);
    }

    public synchronized int calls() {
        return calls;
    }

    @Override
    public synchronized UpdateReport updateEndpoints(List<EndpointUpdate> updates) throws PeerUpdateException {
        calls++;
        if (unreachable != null) {
            throw unreachable;
        }
        List<UpdateOutcome> outcomes = new ArrayList<>(updates.size());
        for (EndpointUpdate update : updates) {
            WireGuardKey key = update.publicKey();
            Endpoint current = endpoints.get(key);
            if (!peers.contains(key)) {
                outcomes.add(UpdateOutcome.of(key, UpdateOutcome.Status.UNKNOWN_PEER));
            } else if (failing.containsKey(key)) {
                outcomes.add(new UpdateOutcome(key, UpdateOutcome.Status.FAILED, failing.get(key)));
            } else if (update.endpoint().equals(current)) {
                outcomes.add(UpdateOutcome.of(key, UpdateOutcome.Status.UNCHANGED));
            } else if (current != null && receiving.contains(key)) {
                outcomes.add(UpdateOutcome.of(key, UpdateOutcome.Status.LIVE_PATH_KEPT));
            } else {
                endpoints.put(key, update.endpoint());
                writes.add(update);
                outcomes.add(UpdateOutcome.of(key, UpdateOutcome.Status.APPLIED));
            }
        }
        return new UpdateReport(outcomes);
    }
}
