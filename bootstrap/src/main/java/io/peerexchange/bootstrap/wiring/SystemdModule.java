package io.peerexchange.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import io.peerexchange.adapters.systemd.SdNotify;
import io.peerexchange.ports.ServiceManager;
import javax.inject.Singleton;

/** The service manager adapter: sd_notify when systemd started the agent as {@code Type=notify}. */
@Module
public final class SystemdModule {
    private SystemdModule() {}

    /** @throws IllegalArgumentException when systemd's NOTIFY_SOCKET or WATCHDOG_USEC is unusable */
    @Provides
    @Singleton
    static ServiceManager serviceManager() {
        return SdNotify.fromEnvironment(System.getenv(), ProcessHandle.current().pid());
    }
}
