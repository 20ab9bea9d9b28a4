package io.peerexchange.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import io.peerexchange.adapters.controlplane.events.SseEventStream;
import io.peerexchange.adapters.controlplane.events.StreamSettings;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.status.AgentActivity;
import io.peerexchange.bootstrap.status.StatusService;
import io.peerexchange.domain.Exchanger;
import io.peerexchange.domain.HeartbeatLoop;
import io.peerexchange.domain.PeerDirectory;
import io.peerexchange.ports.PathKind;
import io.peerexchange.ports.PathKinds;
import io.peerexchange.ports.PeerStatsReader;
import java.time.Clock;
import javax.inject.Singleton;

/** What the control socket answers: the agent's recent activity and its status. */
@Module
public final class StatusModule {
    private StatusModule() {}

    @Provides
    @Singleton
    static AgentActivity agentActivity(Clock clock) {
        return new AgentActivity(clock);
    }

    /**
     * The nominated pair's kind while connectivity checks have chosen one for the peer and WireGuard
     * still holds its endpoint ({@code roamed} once WireGuard followed the peer elsewhere); judged by
     * endpoints alone otherwise (checks off, or a peer without candidates).
     */
    @Provides
    static PathKinds pathKinds(ConnectivityChecks checks) {
        return evidence -> checks.paths()
                .flatMap(paths -> paths.choice(evidence.peer()))
                .map(choice -> evidence.held().isEmpty()
                                || evidence.held()
                                        .get()
                                        .equals(choice.remote().endpoint().toString())
                        ? PathKind.of(choice.remote().kind())
                        : PathKind.ROAMED)
                .orElseGet(() -> PathKinds.FROM_ENDPOINTS.kindOf(evidence));
    }

    @Provides
    @Singleton
    static StatusService statusService(
            AgentConfig config,
            Exchanger exchanger,
            SseEventStream events,
            HeartbeatLoop heartbeat,
            PeerDirectory directory,
            PeerStatsReader wireGuard,
            AgentActivity activity,
            PathKinds pathKinds,
            StreamSettings timing) {
        return new StatusService(
                config,
                exchanger,
                events,
                heartbeat,
                directory,
                wireGuard,
                activity,
                pathKinds,
                AgentHealth.STREAM_GRACE,
                timing.pollInterval());
    }
}
