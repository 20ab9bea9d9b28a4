package io.peerexchange.bootstrap.wiring;

import dagger.BindsInstance;
import dagger.Component;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.domain.Discoverer;
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
            PathsModule.class
        })
public interface AgentComponent {

    /** The long-running agent ({@code run}). */
    Agent agent();

    /** The connectivity checks of {@code run}: whether they are configured, and each peer's chosen path. */
    ConnectivityChecks connectivityChecks();

    /** One-shot discovery ({@code discover}). */
    Discoverer discoverer();

    static AgentComponent create(AgentConfig config) {
        return DaggerAgentComponent.factory().create(config);
    }

    @Component.Factory
    interface Factory {
        AgentComponent create(@BindsInstance AgentConfig config);
    }
}
