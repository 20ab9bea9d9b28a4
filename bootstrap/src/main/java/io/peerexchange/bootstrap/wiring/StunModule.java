package io.peerexchange.bootstrap.wiring;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import io.peerexchange.adapters.stun.AutoStunClient;
import io.peerexchange.adapters.stun.StunSettings;
import io.peerexchange.adapters.stun.SystemHostAddresses;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.Version;
import io.peerexchange.bootstrap.status.AgentActivity;
import io.peerexchange.ports.HostAddresses;
import io.peerexchange.ports.StunClient;
import io.peerexchange.ports.telemetry.AgentMetrics;
import java.util.Optional;
import javax.inject.Singleton;

/** The STUN adapter: learns the WireGuard port's public mapping, whoever holds the port. */
@Module
public abstract class StunModule {
    private StunModule() {}

    /** Bindings go through a recording decorator: the status shows the last discovery and its server. */
    @Provides
    @Singleton
    static StunClient stunClient(AutoStunClient client, AgentActivity activity, AgentMetrics metrics) {
        return new RecordingStunClient(client, activity, metrics);
    }

    @Binds
    abstract HostAddresses hostAddresses(SystemHostAddresses addresses);

    @Provides
    static StunSettings settings(AgentConfig config) {
        return new StunSettings(config.allowEphemeralStun(), Optional.of("peerexchange/" + Version.value()));
    }

    @Provides
    @Singleton
    static AutoStunClient autoStunClient(StunSettings settings) {
        return new AutoStunClient(settings);
    }

    @Provides
    static SystemHostAddresses systemHostAddresses() {
        return new SystemHostAddresses();
    }
}
