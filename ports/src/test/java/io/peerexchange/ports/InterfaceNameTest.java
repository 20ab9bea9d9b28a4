package io.peerexchange.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InterfaceNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"wg0", "a", "pxw-very-long15", "wg_mesh.1", "WG@home"})
    void givenALinuxInterfaceName_construct_keepsIt(String name) {
        assertThat(InterfaceName.of(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|invalid WireGuard interface name: empty",
                "sixteen-chars-xx|invalid WireGuard interface name: 16 characters, at most 15 allowed",
                "..|invalid WireGuard interface name \"..\": not a name",
                "wg 0|invalid WireGuard interface name: character 3 is whitespace, a control character or not ASCII",
                "wg\u00e90|invalid WireGuard interface name: character 3 is whitespace, a control character or not ASCII",
                "../etc|invalid WireGuard interface name \"../etc\": '/' is not allowed",
                "wg:0|invalid WireGuard interface name \"wg:0\": ':' is not allowed",
            })
    void givenABadName_construct_saysWhatIsWrong(String name, String message) {
        assertThatThrownBy(() -> InterfaceName.of(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void givenTheLongestName_construct_acceptsIt() {
        assertThat(InterfaceName.of("w".repeat(InterfaceName.MAX_LENGTH)).value())
                .hasSize(InterfaceName.MAX_LENGTH);
    }

    @Test
    void givenNull_construct_saysEmpty() {
        assertThatThrownBy(() -> InterfaceName.of(null)).hasMessage("invalid WireGuard interface name: empty");
    }
}
