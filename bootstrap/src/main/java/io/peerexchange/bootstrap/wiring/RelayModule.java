package io.peerexchange.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import io.peerexchange.adapters.stun.turn.TurnRelay;
import io.peerexchange.bootstrap.config.AgentConfig;
import io.peerexchange.bootstrap.config.ConfigException;
import io.peerexchange.bootstrap.config.RelayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;
import javax.inject.Singleton;

/**
 * The TURN relay from {@code turn_servers}, {@code turn_username}, the password or secret file and
 * {@code relay}: none when the mode is {@code off} or no server is configured. WireGuard is reached
 * on loopback at the listen port, so the proxy's sockets are loopback ones too.
 */
@Module
public abstract class RelayModule {
    private RelayModule() {}

    @Provides
    @Singleton
    static Optional<TurnRelay> turnRelay(AgentConfig config) {
        if (!RelayConfig.enabled(config)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TurnRelay(
                    RelayConfig.servers(config),
                    RelayConfig.credentials(config, Clock.systemUTC()),
                    InetAddress.getLoopbackAddress(),
                    config.listenPort()));
        } catch (ConfigException e) {
            // RunCommand reports an IllegalArgumentException from the component as a usage error (exit 2)
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the relay's selector", e);
        }
    }
}
