package io.peerexchange.adapters.controlplane;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Shared settings for stream tests: SPEC timings shrunk so reconnects take milliseconds. */
final class StreamTesting {
    private StreamTesting() {}

    static ControlPlaneSettings http(String baseUrl) {
        return new ControlPlaneSettings(URI.create(baseUrl), "9.9.9", true, false, Optional.empty());
    }

    static StreamSettings fast() {
        return StreamSettings.defaults()
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(30))
                .withIdleTimeout(Duration.ofSeconds(5))
                .withPolling(Duration.ofMinutes(5), Duration.ofSeconds(60));
    }
}
