package io.peerexchange.bootstrap.wiring;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import io.peerexchange.adapters.controlplane.HttpControlPlane;
import io.peerexchange.adapters.controlplane.events.EventVerifier;
import io.peerexchange.adapters.controlplane.events.SseEventStream;
import io.peerexchange.adapters.controlplane.events.StreamSettings;
import io.peerexchange.adapters.controlplane.http.BearerToken;
import io.peerexchange.adapters.controlplane.http.ControlPlaneSettings;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.ConfigKey;
import io.peerexchange.bootstrap.config.Version;
import io.peerexchange.bootstrap.status.AgentActivity;
import io.peerexchange.ports.EndpointReporter;
import io.peerexchange.ports.EventSubscriptions;
import io.peerexchange.ports.HeartbeatSender;
import io.peerexchange.ports.PeerLister;
import io.peerexchange.ports.telemetry.AgentMetrics;
import java.time.Clock;
import java.util.Optional;
import javax.inject.Singleton;

/** The control-plane adapter: the HTTPS calls and the SSE event stream. */
@Module
public abstract class ControlPlaneModule {
    private ControlPlaneModule() {}

    // The calls go through recording decorators: the status reads what they note.
    @Provides
    @Singleton
    static EndpointReporter endpointReporter(
            HttpControlPlane controlPlane, AgentActivity activity, AgentMetrics metrics) {
        return new RecordingEndpointReporter(controlPlane, activity, metrics);
    }

    @Provides
    @Singleton
    static PeerLister peerLister(HttpControlPlane controlPlane, AgentActivity activity, AgentMetrics metrics) {
        return new RecordingPeerLister(controlPlane, activity, metrics);
    }

    @Provides
    @Singleton
    static HeartbeatSender heartbeatSender(
            HttpControlPlane controlPlane, AgentActivity activity, AgentMetrics metrics) {
        return new RecordingHeartbeatSender(controlPlane, activity, metrics);
    }

    @Binds
    abstract EventSubscriptions eventSubscriptions(SseEventStream stream);

    /** @throws IllegalArgumentException naming the setting, when the URL, TLS options or CA file are unusable */
    @Provides
    @Singleton
    static ControlPlaneSettings settings(AgentConfig config) {
        return new ControlPlaneSettings(
                config.controlPlaneUrl()
                        .orElseThrow(
                                () -> new IllegalArgumentException("missing " + ConfigKey.CONTROL_PLANE_URL.yamlKey())),
                Version.value(),
                config.allowHttp(),
                config.insecureTls(),
                config.caFile());
    }

    @Provides
    static BearerToken token(AgentConfig config) {
        return config.token().orElseThrow(() -> new IllegalStateException("the token has not been loaded"));
    }

    @Provides
    @Singleton
    static TokenReloader tokenReloader(AgentConfig config, BearerToken token) {
        return new TokenReloader(config.tokenSource(), token);
    }

    /** @throws IllegalArgumentException naming the signing key setting, when it is not an Ed25519 public key */
    @Provides
    @Singleton
    static Optional<EventVerifier> eventVerifier(AgentConfig config, Clock clock) {
        if (config.signingKey().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(EventVerifier.of(config.signingKey().get(), clock));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "invalid " + config.nameOf(ConfigKey.SIGNING_KEY) + ": " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    static HttpControlPlane httpControlPlane(
            ControlPlaneSettings settings, BearerToken token, Optional<EventVerifier> verifier) {
        HttpControlPlane controlPlane = new HttpControlPlane(settings, token);
        // The node state's signing_keys replace the configured key, as a signing_key_rotated event does.
        verifier.ifPresent(v -> controlPlane.onSigningKeys(v::trust));
        return controlPlane;
    }

    /** One value for the stream and the readiness check, so both judge the fallback by the same timing. */
    @Provides
    @Singleton
    static StreamSettings streamSettings(AgentConfig config) {
        return config.streamSettings();
    }

    @Provides
    @Singleton
    static SseEventStream sseEventStream(
            ControlPlaneSettings settings,
            BearerToken token,
            TokenReloader tokens,
            AgentConfig config,
            PeerLister pollingSource,
            Optional<EventVerifier> verifier,
            StreamSettings timing,
            AgentMetrics metrics) {
        // On 401 the stream re-reads the token file itself and reconnects when it held a newer token.
        return new SseEventStream(
                settings, token, tokens::reload, config.requiredNodeId(), pollingSource, verifier, timing, metrics);
    }
}
