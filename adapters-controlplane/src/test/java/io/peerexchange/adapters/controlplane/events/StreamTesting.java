package io.peerexchange.adapters.controlplane.events;

import io.peerexchange.adapters.controlplane.http.ControlPlaneSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Shared settings for stream tests: the protocol's timings shrunk so reconnects take milliseconds. */
public final class StreamTesting {
    private StreamTesting() {}

    public static ControlPlaneSettings http(String baseUrl) {
        return new ControlPlaneSettings(URI.create(baseUrl), "9.9.9", true, false, Optional.empty());
    }

    public static StreamSettings fast() {
        return StreamSettings.defaults()
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(30))
                .withIdleTimeout(Duration.ofSeconds(5))
                .withPolling(Duration.ofMinutes(5), Duration.ofSeconds(60));
    }
}
