package io.peerexchange.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ListenAddressTest {

    @Test
    void givenLiterals_parse_keepsThemAndTellsLoopback() {
        assertThat(ListenAddress.parse("127.0.0.1:9586").isLoopback()).isTrue();
        assertThat(ListenAddress.parse("[::1]:9586").isLoopback()).isTrue();
        assertThat(ListenAddress.parse("0.0.0.0:9586").isLoopback()).isFalse();
        assertThat(ListenAddress.parse("[::]:9586").toString()).isEqualTo("[0:0:0:0:0:0:0:0]:9586");
        assertThat(ListenAddress.parse("192.0.2.1:80").toString()).isEqualTo("192.0.2.1:80");
    }

    @Test
    void givenNamesOrBadPorts_parse_refuses() {
        for (String bad :
                List.of("localhost:9586", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", "::1:9586", "1.2.3:4")) {
            assertThatThrownBy(() -> ListenAddress.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
