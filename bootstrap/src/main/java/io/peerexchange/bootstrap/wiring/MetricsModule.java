package io.peerexchange.bootstrap.wiring;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import io.peerexchange.bootstrap.metrics.MetricsRegistry;
import io.peerexchange.ports.telemetry.AgentMetrics;
import javax.inject.Singleton;

/** The counters behind the metrics endpoint; they count whether or not the endpoint is on (it is cheap). */
@Module
public abstract class MetricsModule {
    private MetricsModule() {}

    @Binds
    abstract AgentMetrics agentMetrics(MetricsRegistry registry);

    @Provides
    @Singleton
    static MetricsRegistry metricsRegistry() {
        return new MetricsRegistry();
    }
}
