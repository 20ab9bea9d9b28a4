package io.peerexchange.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerexchange.ports.StunServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void defaults_areEnabledWithTwoServersSixtySecondRefreshAndFiveSecondTimeout() {
        Config config = Config.defaults();

        assertThat(config.enabled()).isTrue();
        assertThat(config.stunServers())
                .containsExactly(
                        StunServer.parse("stun.l.google.com:19302"), StunServer.parse("stun.cloudflare.com:3478"));
        assertThat(config.refreshInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThatNoException().isThrownBy(config::validate);
    }

    @Test
    void applyDefaults_keepsWhatIsSet() {
        Config config = new Config(
                        true,
                        List.of(StunServer.parse("127.0.0.1:3478")),
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(2))
                .applyDefaults();

        assertThat(config.stunServers()).containsExactly(StunServer.parse("127.0.0.1:3478"));
        assertThat(config.refreshInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void givenEnabledWithoutServers_validate_failsWithTheSeedText() {
        Config config = Config.defaults().withStunServers(List.of());

        assertThatThrownBy(config::validate)
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("STUNServers must not be empty when enabled")
                .extracting(e -> ((InvalidConfigException) e).field())
                .isEqualTo(ConfigField.STUN_SERVERS);
    }

    @Test
    void givenRefreshBelowTenSeconds_validate_failsWithTheSeedText() {
        Config config = Config.defaults().withRefreshInterval(Duration.ofMillis(9999));

        assertThatThrownBy(config::validate)
                .hasMessage("RefreshInterval must be at least 10s")
                .extracting(e -> ((InvalidConfigException) e).field())
                .isEqualTo(ConfigField.REFRESH_INTERVAL);
    }

    @Test
    void givenRefreshOfExactlyTenSeconds_validate_passes() {
        assertThatNoException().isThrownBy(Config.defaults().withRefreshInterval(Duration.ofSeconds(10))::validate);
    }

    @Test
    void givenNegativeTimeout_validate_failsWithTheSeedText() {
        Config config = Config.defaults().withTimeout(Duration.ofSeconds(-1));

        assertThatThrownBy(config::validate)
                .hasMessage("Timeout must be positive")
                .extracting(e -> ((InvalidConfigException) e).field())
                .isEqualTo(ConfigField.TIMEOUT);
    }

    @Test
    void givenZeroTimeout_validate_failsWithTheSeedText() {
        Config config = new Config(true, Config.DEFAULT_STUN_SERVERS, Duration.ofSeconds(60), Duration.ZERO);

        assertThatThrownBy(config::validate).hasMessage("Timeout must be positive");
    }

    @Test
    void givenDisabled_validate_skipsEveryRule() {
        Config config = new Config(false, List.of(), Duration.ofSeconds(1), Duration.ofSeconds(-5));

        assertThatNoException().isThrownBy(config::validate);
    }
}
