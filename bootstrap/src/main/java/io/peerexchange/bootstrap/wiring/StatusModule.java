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

    /** Judged by endpoints until connectivity checks bind the nominated pair's kind here. */
    @Provides
    static PathKinds pathKinds() {
        return PathKinds.FROM_ENDPOINTS;
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
            PathKinds pathKinds) {
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
                StreamSettings.defaults().pollInterval());
    }
}
