package io.peerexchange.bootstrap.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Asks the running agent one question over its control socket. */
public final class ControlClient {
    /** The largest answer read: a status of {@link io.peerexchange.ports.Limits#MAX_PEERS} peers fits. */
    public static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;

    private ControlClient() {}

    /**
     * Sends {@code request} and returns the answer object.
     *
     * @throws IOException when the socket cannot be reached, the agent does not answer within {@code
     *     timeout}, or the answer is not a JSON object
     */
    public static Map<String, Object> ask(Path socket, ControlRequest request, Duration timeout) throws IOException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "peerexchange-control-client");
            thread.setDaemon(true);
            return thread;
        });
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ScheduledFuture<?> deadline = timer.schedule(
                    () -> {
                        try {
                            channel.close();
                        } catch (IOException e) {
                            // Already closed: the read below ends either way.
                        }
                    },
                    timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                ByteBuffer out = ByteBuffer.wrap(request.toLine().getBytes(StandardCharsets.UTF_8));
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                return parse(readAll(channel));
            } catch (IOException e) {
                if (deadline.isDone()) {
                    throw new IOException("the agent did not answer within " + timeout.toMillis() + " ms");
                }
                throw e;
            } finally {
                deadline.cancel(false);
            }
        } finally {
            timer.shutdownNow();
        }
    }

    private static String readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (channel.read(buffer) >= 0) {
            buffer.flip();
            answer.write(buffer.array(), 0, buffer.limit());
            buffer.clear();
            if (answer.size() > MAX_ANSWER_BYTES) {
                throw new IOException("answer larger than " + MAX_ANSWER_BYTES + " bytes");
            }
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked") // a JSON object is read as a map with string keys
    private static Map<String, Object> parse(String text) throws IOException {
        try {
            Object value = Json.parse(text);
            if (value instanceof Map<?, ?>) {
                return (Map<String, Object>) value;
            }
        } catch (JsonException e) {
            throw new IOException("the agent's answer is not JSON: " + e.getMessage());
        }
        throw new IOException("the agent's answer is not a JSON object");
    }
}
