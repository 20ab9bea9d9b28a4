package io.peerexchange.ports.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.PresharedKey;
import io.peerexchange.ports.StunServer;
import io.peerexchange.ports.WireGuardKey;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for the value parsers that take text from the control plane, config and the UAPI.
 * In a normal build they replay the checked-in inputs under
 * {@code src/test/resources/io/peerexchange/ports/fuzz/ParsersFuzzTestInputs/<method>/}; with
 * {@code JAZZER_FUZZ=1} the selected one fuzzes (see robustness/ROBUSTNESS.md).
 */
class ParsersFuzzTest {

    /** Only IllegalArgumentException may escape; what parses prints back to itself. */
    @FuzzTest(maxDuration = "10m")
    void endpointAndStunServer(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            Endpoint endpoint = Endpoint.parse(text);
            assertThat(Endpoint.parse(endpoint.toString())).isEqualTo(endpoint);
            assertThat(endpoint.port()).isBetween(1, 65535);
            assertThat(endpoint.address().isAnyLocalAddress()
                            || endpoint.address().isMulticastAddress())
                    .isFalse();
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank().hasSizeLessThan(1024);
        }
        try {
            StunServer server = StunServer.parse(text);
            assertThat(StunServer.parse(server.toString())).isEqualTo(server);
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank().hasSizeLessThan(1024);
        }
    }

    /** Keys decode canonically or fail with a message that never repeats the (possibly secret) input. */
    @FuzzTest(maxDuration = "10m")
    void keys(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            WireGuardKey key = WireGuardKey.fromBase64(text);
            assertThat(key.toBase64()).isEqualTo(text);
            assertThat(WireGuardKey.fromHex(key.toHex())).isEqualTo(key);
        } catch (IllegalArgumentException expected) {
            assertNoEcho(expected, text);
        }
        try {
            WireGuardKey key = WireGuardKey.fromHex(text);
            assertThat(key.toHex()).isEqualToIgnoringCase(text);
        } catch (IllegalArgumentException expected) {
            assertNoEcho(expected, text);
        }
        try {
            PresharedKey psk = PresharedKey.fromBase64(text);
            assertThat(psk.toBase64()).isEqualTo(text);
            assertThat(psk.toString()).doesNotContain(text);
        } catch (IllegalArgumentException expected) {
            assertNoEcho(expected, text);
        }
    }

    private static void assertNoEcho(IllegalArgumentException e, String text) {
        assertThat(e.getMessage()).isNotBlank();
        if (text.length() >= 8) {
            assertThat(e.getMessage()).doesNotContain(text);
        }
    }
}
