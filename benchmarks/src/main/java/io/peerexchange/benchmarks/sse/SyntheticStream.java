package io.peerexchange.benchmarks.sse;

import io.peerexchange.ports.testing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A {@code text/event-stream} body of realistic signed {@code peer_endpoint_changed} envelopes
 * (docs/PROTOCOL.md#event-stream-parsing): CRLF line ends, an {@code id} and {@code event} field per event, a keep-alive comment
 * every 50 events. Deterministic, so both parsers see the same bytes.
 */
public final class SyntheticStream {
    private SyntheticStream() {}

    /** At least {@code megabytes} MiB of whole events. */
    public static byte[] ofMegabytes(int megabytes) {
        if (megabytes < 1) {
            throw new IllegalArgumentException("megabytes must be at least 1");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((megabytes << 20) + 4096);
        int i = 0;
        while (out.size() < megabytes << 20) {
            i++;
            byte[] bytes = event(i).getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length);
        }
        return out.toByteArray();
    }

    /** How many events {@link #ofMegabytes} holds. */
    public static int eventCount(byte[] stream) {
        int count = 0;
        for (int i = 0; i + 3 < stream.length; i++) {
            if (stream[i] == '\r' && stream[i + 1] == '\n' && stream[i + 2] == '\r' && stream[i + 3] == '\n') {
                count++;
                i += 3;
            }
        }
        return count;
    }

    static String event(int i) {
        String payload = "{\"id\":\"p-" + i + "\",\"public_key\":\""
                + TestKeys.key(i).toBase64()
                + "\",\"mesh_ip\":\"10.0." + ((i >> 8) & 255) + "." + (i & 255) + "\",\"endpoint\":\"198.51.100."
                + (i % 250 + 1) + ":" + (40000 + i % 20000) + "\",\"allowed_ips\":[\"10.0." + ((i >> 8) & 255) + "."
                + (i & 255) + "/32\"]}";
        String event =
                "id: " + i + "\r\nevent: message\r\ndata: {\"event_type\":\"peer_endpoint_changed\",\"event_id\":\"evt-"
                        + i + "\",\"issued_at\":\"2030-01-01T00:00:00Z\",\"nonce\":\""
                        + Long.toHexString(i * 0x9E3779B97F4A7C15L)
                        + "\",\"payload\":" + payload + ",\"signature\":\"" + "A".repeat(86) + "==\"}\r\n\r\n";
        return i % 50 == 0 ? ": keep-alive\n" + event : event;
    }
}
