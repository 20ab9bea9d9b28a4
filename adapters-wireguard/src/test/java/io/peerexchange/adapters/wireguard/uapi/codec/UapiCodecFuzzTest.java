package io.peerexchange.adapters.wireguard.uapi.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peerexchange.adapters.wireguard.device.DeviceState;
import io.peerexchange.ports.PeerUpdateException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target for the answer to {@code get=1}: the lines up to the first empty one, as the
 * connection hands them over, either parse or fail with {@link PeerUpdateException}. Inputs:
 * {@code src/test/resources/io/peerexchange/adapters/wireguard/uapi/codec/UapiCodecFuzzTestInputs/parseGet/}.
 */
class UapiCodecFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void parseGet(byte[] input) {
        List<String> lines = new ArrayList<>();
        for (String line : new String(input, StandardCharsets.UTF_8).split("\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            lines.add(line);
        }
        try {
            DeviceState state = UapiCodec.parseGet(lines);
            assertThat(state).isNotNull();
        } catch (PeerUpdateException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            UapiCodec.parseSetAnswer(lines);
        } catch (PeerUpdateException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
