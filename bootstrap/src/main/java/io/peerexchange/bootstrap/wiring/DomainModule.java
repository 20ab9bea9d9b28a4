package io.peerexchange.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.RunningJar;
import io.peerexchange.bootstrap.config.Version;
import io.peerexchange.domain.AgentBinary;
import io.peerexchange.domain.Config;
import io.peerexchange.domain.Discoverer;
import io.peerexchange.domain.Exchanger;
import io.peerexchange.domain.HeartbeatLoop;
import io.peerexchange.domain.HeartbeatSources;
import io.peerexchange.domain.PeerDirectory;
import io.peerexchange.domain.PeerEndpointApplier;
import io.peerexchange.domain.PortMappingKeeper;
import io.peerexchange.domain.Sleeper;
import io.peerexchange.domain.StallWatch;
import io.peerexchange.ports.EndpointReporter;
import io.peerexchange.ports.HeartbeatSender;
import io.peerexchange.ports.HostAddresses;
import io.peerexchange.ports.PeerLister;
import io.peerexchange.ports.PeerStatsReader;
import io.peerexchange.ports.PeerUpdater;
import io.peerexchange.ports.StunClient;
import java.time.Clock;
import java.util.Optional;
import javax.inject.Singleton;

/** The core, built from the configuration and whatever adapters the other modules bind to the ports. */
@Module
public final class DomainModule {
    private DomainModule() {}

    @Provides
    static Config config(AgentConfig config) {
        return config.exchangeConfig();
    }

    @Provides
    static Clock clock() {
        return Clock.systemUTC();
    }

    @Provides
    static Sleeper sleeper() {
        return Sleeper.SYSTEM;
    }

    @Provides
    @Singleton
    static Discoverer discoverer(
            StunClient stun,
            HostAddresses hostAddresses,
            Config config,
            AgentConfig agentConfig,
            Sleeper sleeper,
            Optional<PortMappingKeeper> portMapping) {
        return new Discoverer(
                stun,
                hostAddresses,
                config,
                agentConfig.listenPort(),
                sleeper,
                () -> portMapping.flatMap(PortMappingKeeper::publicEndpoint));
    }

    @Provides
    @Singleton
    static StallWatch stallWatch(PeerStatsReader wireGuard, Discoverer discoverer, Sleeper sleeper, Clock clock) {
        return new StallWatch(wireGuard, discoverer::refreshNow, sleeper, clock);
    }

    @Provides
    @Singleton
    static PeerDirectory peerDirectory(PeerLister lister, AgentConfig config, Clock clock) {
        return new PeerDirectory(lister, config.requiredNodeId(), clock);
    }

    @Provides
    @Singleton
    static PeerEndpointApplier peerEndpointApplier(PeerDirectory directory, PeerUpdater updater) {
        return new PeerEndpointApplier(directory, updater);
    }

    @Provides
    @Singleton
    static Exchanger exchanger(
            Config config,
            Discoverer discoverer,
            EndpointReporter reporter,
            PeerEndpointApplier applier,
            Optional<PortMappingKeeper> portMapping) {
        return new Exchanger(config, discoverer, reporter, applier, portMapping);
    }

    @Provides
    @Singleton
    static HeartbeatLoop heartbeatLoop(
            HeartbeatSender sender,
            Exchanger exchanger,
            AgentHealth health,
            AgentConfig config,
            Sleeper sleeper,
            Clock clock) {
        return new HeartbeatLoop(
                sender,
                new HeartbeatSources(exchanger::lastResult, health, exchanger.reconciler()::request),
                config.requiredNodeId(),
                // Hashing the jar takes a cold JVM about 0.1 s: the heartbeat's thread does it, at its first beat.
                () -> new AgentBinary(Version.value(), RunningJar.checksum()),
                config.heartbeatInterval(),
                sleeper,
                clock);
    }
}
