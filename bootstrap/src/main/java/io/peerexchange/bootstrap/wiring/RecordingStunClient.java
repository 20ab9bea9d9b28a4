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
        return recorded(server, () -> delegate.bind(server, localPort, timeout));
    }

    @Override
    public MappedAddress bind(StunServer server, AddressFamily family, int localPort, Duration timeout)
            throws StunException, InterruptedException {
        return recorded(server, () -> delegate.bind(server, family, localPort, timeout));
    }

    private interface Binding {
        MappedAddress bind() throws StunException, InterruptedException;
    }

    private MappedAddress recorded(StunServer server, Binding binding) throws StunException, InterruptedException {
        try {
            MappedAddress mapped = binding.bind();
            activity.binding(server, Optional.of(mapped.endpoint()), Optional.empty());
            metrics.stunBinding(server.toString(), true);
            return mapped;
        } catch (StunException e) {
            activity.binding(server, Optional.empty(), Optional.of(String.valueOf(e.getMessage())));
            metrics.stunBinding(server.toString(), false);
            throw e;
        }
    }
}
