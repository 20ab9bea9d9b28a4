package io.peerexchange.bootstrap.wiring;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import io.peerexchange.adapters.wireguard.WireGuardPeerUpdater;
import io.peerexchange.adapters.wireguard.WireGuardSettings;
import io.peerexchange.adapters.wireguard.netlink.NetlinkNetworkChanges;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.status.AgentActivity;
import io.peerexchange.ports.NetworkChanges;
import io.peerexchange.ports.PeerStatsReader;
import io.peerexchange.ports.PeerUpdater;
import io.peerexchange.ports.telemetry.AgentMetrics;
import javax.inject.Singleton;

/** The WireGuard adapter: endpoint-only updates through the userspace API or the kernel. */
@Module
public abstract class WireGuardModule {
    private WireGuardModule() {}

    @Binds
    abstract PeerStatsReader peerStatsReader(WireGuardPeerUpdater updater);

    /** Writes go through a recording decorator: the status shows when each endpoint last changed. */
    @Provides
    @Singleton
    static PeerUpdater peerUpdater(WireGuardPeerUpdater updater, AgentActivity activity, AgentMetrics metrics) {
        return new RecordingPeerUpdater(updater, activity, metrics);
    }

    /** rtnetlink, beside the WireGuard netlink backend: one netlink framing for both. */
    @Provides
    @Singleton
    static NetworkChanges networkChanges() {
        return new NetlinkNetworkChanges();
    }

    @Provides
    static WireGuardSettings settings(AgentConfig config) {
        return WireGuardSettings.of(config.interfaceName(), config.wgBackend());
    }

    @Provides
    @Singleton
    static WireGuardPeerUpdater wireGuardPeerUpdater(WireGuardSettings settings) {
        return new WireGuardPeerUpdater(settings);
    }
}
