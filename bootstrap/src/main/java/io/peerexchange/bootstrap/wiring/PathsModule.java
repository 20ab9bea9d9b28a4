package io.peerexchange.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import io.peerexchange.adapters.stun.SystemHostCandidates;
import io.peerexchange.adapters.stun.checks.RawCheckTransport;
import io.peerexchange.adapters.stun.turn.TurnRelay;
import io.peerexchange.adapters.wireguard.WireGuardPeerUpdater;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.ConfigKey;
import io.peerexchange.bootstrap.config.RelayConfig;
import io.peerexchange.domain.PeerEndpointApplier;
import io.peerexchange.domain.PortMappingKeeper;
import io.peerexchange.domain.Sleeper;
import io.peerexchange.domain.paths.CandidateGatherer;
import io.peerexchange.domain.paths.ChoiceWriter;
import io.peerexchange.domain.paths.PathChecker;
import io.peerexchange.domain.paths.Paths;
import io.peerexchange.domain.paths.RelayPolicy;
import io.peerexchange.ports.CandidateSource;
import io.peerexchange.ports.Cidr;
import io.peerexchange.ports.IceCredentials;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.inject.Singleton;

/**
 * The connectivity checks (docs/PROTOCOL.md#candidates): fresh ICE credentials and tie-breaker per
 * agent start, the candidate sources, and checks from the WireGuard port through raw sockets. Empty
 * when {@code connectivity_checks} is off, NAT traversal is off, or the port is 0.
 */
@Module
public final class PathsModule {
    private PathsModule() {}

    /** Where candidates come from: the host's addresses, the gateway's mapping and the relay allocation, when kept. */
    @Provides
    static List<CandidateSource> candidateSources(
            AgentConfig config, Optional<PortMappingKeeper> portMapping, Optional<TurnRelay> relay) {
        List<CandidateSource> sources = new ArrayList<>();
        sources.add(new SystemHostCandidates(config.interfaceName()));
        portMapping.ifPresent(sources::add);
        relay.ifPresent(sources::add);
        return List.copyOf(sources);
    }

    @Provides
    @Singleton
    static Optional<Paths> paths(
            AgentConfig config,
            List<CandidateSource> sources,
            PeerEndpointApplier applier,
            WireGuardPeerUpdater wireGuard,
            Clock clock,
            Sleeper sleeper,
            Optional<TurnRelay> relay) {
        if (!config.value(ConfigKey.CONNECTIVITY_CHECKS, Boolean.class)
                || !config.natEnabled()
                || config.listenPort() == 0) {
            return Optional.empty();
        }
        List<Cidr> excluded = config.find(ConfigKey.EXCLUDE_CANDIDATES, List.class).orElse(List.of()).stream()
                .map(Cidr.class::cast)
                .toList();
        SecureRandom random = new SecureRandom();
        PathChecker checker = new PathChecker(IceCredentials.random(random), random.nextLong());
        ChoiceWriter writer = choice -> applier.applyChosen(
                choice.peerId(), choice.publicKey(), choice.remote().endpoint());
        return Optional.of(new Paths(
                checker,
                new CandidateGatherer(sources, excluded, config.listenPort()),
                new RawCheckTransport(config.listenPort(), wireGuard),
                clock,
                sleeper,
                writer,
                relay.map(r -> new RelayPolicy(RelayConfig.mode(config), r, checker::chosen, writer, clock, sleeper))));
    }
}
