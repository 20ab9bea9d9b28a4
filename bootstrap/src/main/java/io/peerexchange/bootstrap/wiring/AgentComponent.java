package io.peerexchange.bootstrap.wiring;

import dagger.BindsInstance;
import dagger.Component;
import io.peerexchange.adapters.stun.turn.TurnRelay;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.domain.Discoverer;
import io.peerexchange.ports.PortMapper;
import java.util.Optional;
import javax.inject.Singleton;

/**
 * The object graph of one agent, built from its resolved configuration. Objects are created on
 * first use, so {@code discover} builds only the STUN side and never touches the control plane.
 * Adding an adapter means adding its module here.
 */
@Singleton
@Component(
        modules = {
            DomainModule.class,
            StunModule.class,
            ControlPlaneModule.class,
            WireGuardModule.class,
            StatusModule.class,
            SystemdModule.class,
            MetricsModule.class,
            PathsModule.class,
            PortMapModule.class,
            RelayModule.class
        })
public interface AgentComponent {

    /** The long-running agent ({@code run}). */
    Agent agent();

    /** The connectivity checks of {@code run}: whether they are configured, and each peer's chosen path. */
    ConnectivityChecks connectivityChecks();

    /**
     * The TURN relay when configured (docs/PROTOCOL.md#turn-relay); its owner closes it. The relay
     * policy takes it once the connectivity checks run in the agent.
     */
    Optional<TurnRelay> turnRelay();

    /** One-shot discovery ({@code discover}). */
    Discoverer discoverer();

    /** The gateway's port mapper ({@code discover --port-mapping}). */
    PortMapper portMapper();

    static AgentComponent create(AgentConfig config) {
        return DaggerAgentComponent.factory().create(config);
    }

    @Component.Factory
    interface Factory {
        AgentComponent create(@BindsInstance AgentConfig config);
    }
}
