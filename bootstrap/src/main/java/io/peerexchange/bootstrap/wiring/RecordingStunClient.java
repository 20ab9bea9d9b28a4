package io.peerexchange.bootstrap.wiring;

import io.peerexchange.bootstrap.status.AgentActivity;
import io.peerexchange.ports.AddressFamily;
import io.peerexchange.ports.MappedAddress;
import io.peerexchange.ports.StunClient;
import io.peerexchange.ports.StunException;
import io.peerexchange.ports.StunServer;
import io.peerexchange.ports.telemetry.AgentMetrics;
import java.time.Duration;
import java.util.Optional;

/** The STUN client, with each binding noted for the status and counted for the metrics. */
final class RecordingStunClient implements StunClient {
    private final StunClient delegate;
    private final AgentActivity activity;
    private final AgentMetrics metrics;

    RecordingStunClient(StunClient delegate, AgentActivity activity, AgentMetrics metrics) {
        this.delegate = delegate;
        this.activity = activity;
        this.metrics = metrics;
    }

    @Override
    public MappedAddress bind(StunServer server, int localPort, Duration timeout)
            throws StunException, InterruptedException {
        try {
            MappedAddress mapped = delegate.bind(server, localPort, timeout);
            activity.binding(server, Optional.of(mapped.endpoint()), Optional.empty());
            metrics.stunBinding(server.toString(), true);
            return mapped;
        } catch (StunException e) {
            activity.binding(server, Optional.empty(), Optional.of(String.valueOf(e.getMessage())));
            metrics.stunBinding(server.toString(), false);
            throw e;
        }
    }

    /**
     * Not recorded: the other address family's binding only adds a candidate (it shows in the
     * status's candidates), so {@code last_discovery} stays the primary's and a host without a route
     * of that family counts no failed binding at each refresh.
     */
    @Override
    public MappedAddress bind(StunServer server, AddressFamily family, int localPort, Duration timeout)
            throws StunException, InterruptedException {
        return delegate.bind(server, family, localPort, timeout);
    }
}
