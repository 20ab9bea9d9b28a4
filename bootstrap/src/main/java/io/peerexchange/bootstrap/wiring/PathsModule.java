package io.peerexchange.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import io.peerexchange.adapters.stun.SystemHostCandidates;
import io.peerexchange.adapters.stun.checks.RawCheckTransport;
import io.peerexchange.adapters.wireguard.WireGuardPeerUpdater;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.ConfigKey;
import io.peerexchange.domain.PeerEndpointApplier;
import io.peerexchange.domain.Sleeper;
import io.peerexchange.domain.paths.CandidateGatherer;
import io.peerexchange.domain.paths.PathChecker;
import io.peerexchange.domain.paths.Paths;
import io.peerexchange.ports.CandidateSource;
import io.peerexchange.ports.Cidr;
import io.peerexchange.ports.IceCredentials;
import java.security.SecureRandom;
import java.time.Clock;
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

    /** Where candidates come from; port mappings and relays join this list as their modules arrive. */
    @Provides
    static List<CandidateSource> candidateSources(AgentConfig config) {
        return List.of(new SystemHostCandidates(config.interfaceName()));
    }

    @Provides
    @Singleton
    static Optional<Paths> paths(
            AgentConfig config,
            List<CandidateSource> sources,
            PeerEndpointApplier applier,
            WireGuardPeerUpdater wireGuard,
            Clock clock,
            Sleeper sleeper) {
        if (!config.value(ConfigKey.CONNECTIVITY_CHECKS, Boolean.class)
                || !config.natEnabled()
                || config.listenPort() == 0) {
            return Optional.empty();
        }
        List<Cidr> excluded = config.find(ConfigKey.EXCLUDE_CANDIDATES, List.class).orElse(List.of()).stream()
                .map(Cidr.class::cast)
                .toList();
        SecureRandom random = new SecureRandom();
        return Optional.of(new Paths(
                new PathChecker(IceCredentials.random(random), random.nextLong()),
                new CandidateGatherer(sources, excluded, config.listenPort()),
                new RawCheckTransport(config.listenPort(), wireGuard),
                clock,
                sleeper,
                choice -> applier.applyChosen(
                        choice.peerId(), choice.publicKey(), choice.remote().endpoint())));
    }
}
