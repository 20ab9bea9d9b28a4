package io.peerexchange.bootstrap.wiring;

import io.peerexchange.adapters.controlplane.events.SseEventStream;
import io.peerexchange.domain.Exchanger;
import io.peerexchange.ports.NodeHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The agent's health as its heartbeat reports it: degraded while the event stream is down (a reconnect
 * within {@link #STREAM_GRACE} does not count) or when the last endpoint refresh failed.
 */
@Singleton
final class AgentHealth implements Supplier<NodeHealth> {
    static final Duration STREAM_GRACE = Duration.ofSeconds(10);

    private final SseEventStream events;
    private final Exchanger exchanger;

    @Inject
    AgentHealth(SseEventStream events, Exchanger exchanger) {
        this.events = events;
        this.exchanger = exchanger;
    }

    @Override
    public NodeHealth get() {
        List<String> reasons = new ArrayList<>(2);
        events.downReason(STREAM_GRACE).ifPresent(reasons::add);
        Optional<String> discovery = exchanger.lastDiscoveryFailure();
        discovery.ifPresent(reason -> reasons.add("last discovery failed: " + reason));
        return reasons.isEmpty() ? NodeHealth.HEALTHY : NodeHealth.degraded(String.join("; ", reasons));
    }
}
