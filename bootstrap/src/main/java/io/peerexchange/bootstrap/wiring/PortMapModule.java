package io.peerexchange.bootstrap.wiring;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import io.peerexchange.adapters.portmap.GatewayPortMapper;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.DurationText;
import io.peerexchange.domain.PortMappingKeeper;
import io.peerexchange.domain.Sleeper;
import io.peerexchange.ports.PortMapper;
import java.time.Duration;
import java.util.Optional;
import javax.inject.Singleton;

/**
 * The port-mapping adapter: asks the default gateway to map the WireGuard port (PCP, NAT-PMP,
 * UPnP IGD), and the keeper that holds that mapping while the agent runs.
 */
@Module
public abstract class PortMapModule {
    /**
     * Labs only (docs/ARCHITECTURE.md#port-mapping-lab): a fixed renewal and retry interval such as
     * {@code 3s}, so a router restart is followed within seconds, not within an hour.
     */
    public static final String LAB_RENEWAL_PROPERTY = "peerexchange.lab.portmap-renewal";

    private PortMapModule() {}

    @Binds
    abstract PortMapper portMapper(GatewayPortMapper mapper);

    @Provides
    @Singleton
    static GatewayPortMapper gatewayPortMapper(AgentConfig config) {
        return new GatewayPortMapper(config.portMapping());
    }

    /** Empty when port mapping is off, or NAT traversal is (nothing would report the mapping). */
    @Provides
    @Singleton
    static Optional<PortMappingKeeper> portMappingKeeper(AgentConfig config, PortMapper mapper, Sleeper sleeper) {
        if (config.portMapping().protocols().isEmpty() || !config.natEnabled() || config.listenPort() == 0) {
            return Optional.empty();
        }
        return Optional.of(new PortMappingKeeper(mapper, config.listenPort(), labRenewal(), sleeper));
    }

    static Optional<Duration> labRenewal() {
        String value = System.getProperty(LAB_RENEWAL_PROPERTY);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(DurationText.parse(value.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + LAB_RENEWAL_PROPERTY + ": " + e.getMessage());
        }
    }
}
