package io.peerexchange.adapters.controlplane.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;

/** Regressions found by {@link WireJsonFuzzTest}. */
class WireJsonTest {
    /** {@code {"peers":[} then a UTF-32 code unit above U+10FFFF: the fuzzer's finding, shortened. */
    private static final byte[] BAD_UTF32 = {
        0,
        0,
        0,
        '{',
        0,
        0,
        0,
        '"',
        0,
        0,
        0,
        'p',
        0,
        0,
        0,
        '"',
        0,
        0,
        0,
        ':',
        0,
        0,
        0,
        '[',
        (byte) 0xf6,
        (byte) 0xff,
        0,
        ']',
        0,
        0,
        0,
        '}'
    };

    @Test
    void givenAnAnswerWithAnInvalidUtf32Character_nodeState_failsAsMalformedJsonNotAsAnIoError() {
        // Before the fix Jackson's CharConversionException escaped and the answer counted as a network failure.
        assertThatThrownBy(() -> WireJson.nodeState(new ByteArrayInputStream(BAD_UTF32)))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessage("answer is not valid UTF-8, UTF-16 or UTF-32 text");
        assertThatThrownBy(() -> WireJson.endpointResponse(new ByteArrayInputStream(BAD_UTF32)))
                .isInstanceOf(MalformedJsonException.class);
        assertThatThrownBy(() -> WireJson.heartbeatResponse(new ByteArrayInputStream(BAD_UTF32)))
                .isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void givenANumberWithAHugeExponent_everyDecoder_failsAsMalformedJson() {
        // Regression (WireJsonFuzzTest#answers): Jackson's NumberFormatException escaped, and an unchecked
        // exception out of a control-plane call ended the agent's exchange, heartbeat or event loop.
        String number = "555555555e5555555555555555555555555500000000006430967150697920737";
        byte[] report = ("{\"peer_endpoints\":[{\"peer_id\":\"p-2\",\"x\":" + number + "}]}").getBytes(UTF_8);
        byte[] state = ("{\"peers\":[" + number + "]}").getBytes(UTF_8);
        byte[] heartbeat = ("{\"reconcile\":" + number + "}").getBytes(UTF_8);

        assertThatThrownBy(() -> WireJson.endpointResponse(new ByteArrayInputStream(report)))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessage("JSON number out of range");
        assertThatThrownBy(() -> WireJson.nodeState(new ByteArrayInputStream(state)))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessage("JSON number out of range");
        assertThatThrownBy(() -> WireJson.heartbeatResponse(new ByteArrayInputStream(heartbeat)))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessage("JSON number out of range");
        assertThatThrownBy(
                        () -> WireJson.envelope("{\"event_type\":\"x\",\"event_id\":\"e\",\"payload\":" + number + "}"))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessage("JSON number out of range");
    }

    @Test
    void givenAValidUtf32Answer_nodeState_readsIt() throws Exception {
        byte[] body = "{\"peers\":[]}".getBytes(Charset.forName("UTF-32BE"));

        assertThat(WireJson.nodeState(new ByteArrayInputStream(body))).isEmpty();
    }
}
