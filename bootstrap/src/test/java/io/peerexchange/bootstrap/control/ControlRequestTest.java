package io.peerexchange.bootstrap.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ControlRequestTest {

    @Test
    void givenARequestLine_parse_readsNameAndArguments() throws Exception {
        ControlRequest request = ControlRequest.parse("{\"request\":\"status\",\"peer\":\"b\"}");

        assertThat(request.request()).isEqualTo("status");
        assertThat(request.argument("peer")).contains("b");
        assertThat(ControlRequest.parse(request.toLine().strip())).isEqualTo(request);
    }

    @Test
    void givenNotAnObjectOrNoRequestOrANonStringMember_parse_refuses() {
        for (String bad : new String[] {
            "[]",
            "\"status\"",
            "{}",
            "{\"peer\":\"b\"}",
            "{\"request\":1}",
            "{\"request\":\"status\",\"peer\":[1]}",
            "{\"request\":\"" + "x".repeat(ControlRequest.MAX_VALUE_CHARS + 1) + "\"}",
            "not json"
        }) {
            assertThatThrownBy(() -> ControlRequest.parse(bad))
                    .as(bad)
                    .isInstanceOf(ControlException.class)
                    .hasMessageStartingWith("malformed request");
        }
    }

    @Test
    void givenAnArgumentNotAllowed_allowOnly_namesIt() {
        ControlRequest request = ControlRequest.of("status", Map.of("colour", "red"));

        assertThatThrownBy(() -> request.allowOnly(Set.of("peer")))
                .hasMessage("unknown argument \"colour\" for status");
    }
}
