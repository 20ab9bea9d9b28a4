package io.peerexchange.adapters.wireguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireGuardSettingsTest {

    @Test
    void givenName_of_usesTheStandardSocketDirectory() {
        WireGuardSettings s = WireGuardSettings.of("wg0", Backend.AUTO);

        assertThat(s.uapiSocket()).isEqualTo(Path.of("/var/run/wireguard/wg0.sock"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"wg0", "a", "pxw-very-long15", "wg_mesh.1", "WG@home"})
    void givenLinuxName_construct_accepts(String name) {
        assertThat(WireGuardSettings.of(name, Backend.UAPI).interfaceName()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "wg/0", "../etc", "wg 0", "wg\t0", "wg:0", "sixteen-chars-xx", "wg\u00e90"})
    void givenBadName_construct_rejectsClearly(String name) {
        assertThatThrownBy(() -> WireGuardSettings.of(name, Backend.UAPI))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid WireGuard interface name");
    }

    @Test
    void givenNullName_construct_rejectsClearly() {
        assertThatThrownBy(() -> WireGuardSettings.of(null, Backend.UAPI))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void givenBackendNames_parse_acceptsEachAnyCase() {
        assertThat(Backend.parse("auto")).isEqualTo(Backend.AUTO);
        assertThat(Backend.parse("UAPI")).isEqualTo(Backend.UAPI);
        assertThat(Backend.parse(" netlink ")).isEqualTo(Backend.NETLINK);
    }

    @Test
    void givenUnknownBackend_parse_namesTheChoices() {
        assertThatThrownBy(() -> Backend.parse("kernel"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid WireGuard backend \"kernel\": expected auto, uapi or netlink");
        assertThatThrownBy(() -> Backend.parse(null)).hasMessageContaining("nothing");
    }
}
