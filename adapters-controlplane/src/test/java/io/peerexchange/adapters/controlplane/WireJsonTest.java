package io.peerexchange.adapters.controlplane;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Regressions found by {@link WireJsonFuzzTest}. */
class WireJsonTest {
    /** {@code {"peers":[} then a UTF-32 code unit above U+10FFFF: the fuzzer's finding, shortened. */
    private static final byte[] BAD_UTF32 = {
        0, 0, 0, '{', 0, 0, 0, '"', 0, 0, 0, 'p', 0, 0, 0, '"', 0, 0, 0, ':', 0, 0, 0, '[',
        (byte) 0xf6, (byte) 0xff, 0, ']', 0, 0, 0, '}'};

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
    void givenAValidUtf32Answer_nodeState_readsIt() throws Exception {
        byte[] body = "{\"peers\":[]}".getBytes(Charset.forName("UTF-32BE"));

        assertThat(WireJson.nodeState(new ByteArrayInputStream(body))).isEmpty();
    }
}
