package io.peerexchange.benchmarks.agent;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Reads one peer's endpoint straight from wireguard-go's UAPI socket ({@code get=1}), the same
 * answer {@code wg show} prints but without starting a process, so polling stays cheap.
 */
final class UapiPoller {
    private final Path socket;
    private final String peerLine;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    UapiPoller(Path socket, String peerKeyBase64) {
        this.socket = socket;
        this.peerLine =
                "public_key=" + HexFormat.of().formatHex(Base64.getDecoder().decode(peerKeyBase64));
    }

    /** The peer's current endpoint, empty when it has none. */
    String endpoint() throws IOException {
        String answer;
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap("get=1\n\n".getBytes(StandardCharsets.US_ASCII)));
            buffer.clear();
            while (true) {
                if (channel.read(buffer) < 0) {
                    break;
                }
                int n = buffer.position();
                if (n >= 2 && buffer.get(n - 1) == '\n' && buffer.get(n - 2) == '\n') {
                    break;
                }
                if (!buffer.hasRemaining()) {
                    throw new IOException("UAPI answer larger than " + buffer.capacity() + " bytes");
                }
            }
            answer = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
        }
        int peer = answer.indexOf(peerLine);
        if (peer < 0) {
            throw new IOException("peer not on the interface");
        }
        int next = answer.indexOf("public_key=", peer + peerLine.length());
        int at = answer.indexOf("\nendpoint=", peer);
        if (at < 0 || (next >= 0 && at > next)) {
            return "";
        }
        int end = answer.indexOf('\n', at + 1);
        return answer.substring(at + "\nendpoint=".length(), end);
    }
}
