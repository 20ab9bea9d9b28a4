package io.peerexchange.bootstrap.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerexchange.testing.env.Require;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket's guarantees: owner-only, errors that change nothing, no client can hold it up. */
class ControlSocketServerTest {
    private static final Duration PROMPT = Duration.ofMillis(1500);

    @TempDir
    Path dir;

    private Path socket;
    private final AtomicInteger handled = new AtomicInteger();
    private ControlSocketServer server;

    @BeforeEach
    void start() throws Exception {
        socket = dir.resolve("run").resolve("agent.sock");
        server = ControlSocketServer.start(socket, request -> {
            handled.incrementAndGet();
            if (!request.request().equals("ping")) {
                throw new ControlException("unknown request " + request.request());
            }
            return Map.of("pong", true);
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void givenAStartedServer_theSocket_isMode0600AndRemovedOnClose() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                .isEqualTo("rw-------");

        server.close();

        assertThat(socket).doesNotExist();
    }

    @Test
    void givenARequest_theAnswer_isOkWithTheHandlersMembers() throws Exception {
        assertThat(ControlClient.ask(socket, ControlRequest.of("ping", Map.of()), PROMPT))
                .containsEntry("ok", true)
                .containsEntry("pong", true);
    }

    @Test
    void givenMalformedLines_theAnswer_isAnErrorAndTheHandlerIsNeverAsked() throws Exception {
        for (String bad : List.of("{\"request\":", "[1,2]", "{\"request\":\"ping\",\"x\":{}}", "\u0000\u0001")) {
            assertThat(exchange(bad + "\n")).as(bad).startsWith("{\"ok\":false,\"error\":\"malformed request");
        }

        assertThat(handled).hasValue(0);
    }

    @Test
    void givenAnOversizedRequest_theAnswer_isAnErrorAndTheHandlerIsNeverAsked() throws Exception {
        String huge = "{\"request\":\"ping\",\"pad\":\"" + "x".repeat(ControlSocketServer.MAX_REQUEST_BYTES) + "\"}\n";

        assertThat(exchange(huge)).startsWith("{\"ok\":false,\"error\":\"request too large");
        assertThat(handled).hasValue(0);
    }

    @Test
    void givenAnUnknownRequest_theAnswer_isTheHandlersError() throws Exception {
        assertThat(exchange("{\"request\":\"reboot\"}\n"))
                .isEqualTo("{\"ok\":false,\"error\":\"unknown request reboot\"}\n");
    }

    @Test
    void givenSilentClientsFillingEveryWorker_anotherClient_isAnsweredAtOnceAndTheSilentOnesAreDropped()
            throws Exception {
        List<SocketChannel> silent = new ArrayList<>();
        for (int i = 0; i < ControlSocketServer.MAX_CLIENTS; i++) {
            silent.add(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
        }
        // Let the acceptor hand each silent client to a worker.
        Thread.sleep(200);

        long t0 = System.nanoTime();
        String busy = exchange("{\"request\":\"ping\"}\n");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(PROMPT);
        assertThat(busy).startsWith("{\"ok\":false,\"error\":\"busy");

        for (SocketChannel client : silent) {
            assertThat(readAll(client))
                    .as("a silent client is hung up on after the request timeout")
                    .isEmpty();
            client.close();
        }
        assertThat(ControlClient.ask(socket, ControlRequest.of("ping", Map.of()), PROMPT))
                .containsEntry("pong", true);
    }

    @Test
    void givenOneSilentClient_aConcurrentRequest_isAnsweredAtOnce() throws Exception {
        try (SocketChannel idle = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            long t0 = System.nanoTime();

            assertThat(ControlClient.ask(socket, ControlRequest.of("ping", Map.of()), PROMPT))
                    .containsEntry("pong", true);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(PROMPT);
        }
    }

    @Test
    void givenALiveServer_aSecondOnTheSamePath_isRefusedAndTheFirstKeepsServing() throws Exception {
        try {
            ControlSocketServer.start(socket, request -> Map.of()).close();
            throw new AssertionError("a second server bound a live socket");
        } catch (IOException e) {
            assertThat(e).hasMessageContaining("another agent serves");
        }

        assertThat(ControlClient.ask(socket, ControlRequest.of("ping", Map.of()), PROMPT))
                .containsEntry("pong", true);
    }

    @Test
    void givenAStaleSocketFile_start_replacesIt() throws Exception {
        Path stale = dir.resolve("stale.sock");
        try (var left = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            left.bind(UnixDomainSocketAddress.of(stale));
        }
        assertThat(stale).exists();

        try (ControlSocketServer replacing = ControlSocketServer.start(stale, request -> Map.of("fresh", true))) {
            assertThat(ControlClient.ask(stale, ControlRequest.of("any", Map.of()), PROMPT))
                    .containsEntry("fresh", true);
        }
    }

    @Test
    void givenAnotherUser_connecting_isDeniedByTheFileMode() throws Exception {
        Require.root("running a client as another user (setpriv) needs root");
        Require.command("setpriv", "util-linux");
        openDirectories();

        assertThat(asNobody()).startsWith("connect failed");
        assertThat(handled).hasValue(0);
    }

    @Test
    void givenAnotherUserPastAWorldWritableSocket_theAgent_refusesByPeerCredentials() throws Exception {
        Require.root("running a client as another user (setpriv) needs root");
        Require.command("setpriv", "util-linux");
        openDirectories();
        // As if the mode check were lost (a chmod, a race at bind): SO_PEERCRED still refuses.
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThat(asNobody()).isEqualTo("answer:");
        assertThat(handled).hasValue(0);
    }

    /** Lets uid 65534 reach the socket's directory (the temp directory is private). */
    private void openDirectories() throws IOException {
        for (Path p = socket.getParent(); p != null && p.startsWith(dir); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** Runs a one-file Java client as uid/gid 65534; prints what it got. */
    private String asNobody() throws Exception {
        Path client = Files.createTempDirectory("px-nobody").resolve("Client.java");
        Files.setPosixFilePermissions(client.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(client, """
                import java.net.*; import java.nio.*; import java.nio.channels.*; import java.nio.charset.*;
                public class Client {
                    public static void main(String[] args) throws Exception {
                        SocketChannel c;
                        try {
                            c = SocketChannel.open(UnixDomainSocketAddress.of(args[0]));
                        } catch (Exception e) {
                            System.out.println("connect failed: " + e.getMessage());
                            return;
                        }
                        ByteBuffer b = ByteBuffer.allocate(4096);
                        StringBuilder out = new StringBuilder();
                        try {
                            c.write(ByteBuffer.wrap("{\\"request\\":\\"ping\\"}\\n".getBytes(StandardCharsets.UTF_8)));
                            while (c.read(b) >= 0) { b.flip(); out.append(StandardCharsets.UTF_8.decode(b)); b.clear(); }
                        } catch (Exception e) {
                            // a hang-up (broken pipe, reset) counts as no answer
                        }
                        System.out.println("answer: " + out.toString().strip());
                    }
                }
                """);
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rw-r--r--"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        "setpriv",
                        "--reuid=65534",
                        "--regid=65534",
                        "--clear-groups",
                        java,
                        client.toString(),
                        socket.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        Files.delete(client);
        Files.delete(client.getParent());
        return out.lines().reduce((a, b) -> b).orElse(out);
    }

    /** Sends {@code text} raw and reads until the server hangs up. */
    private String exchange(String text) throws IOException {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            try {
                while (out.hasRemaining()) {
                    c.write(out);
                }
            } catch (IOException e) {
                // The server may hang up mid-way through an oversized request: its answer is still there.
            }
            return readAll(c);
        }
    }

    private static String readAll(SocketChannel c) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8192);
        StringBuilder out = new StringBuilder();
        try {
            while (c.read(b) >= 0) {
                b.flip();
                out.append(StandardCharsets.UTF_8.decode(b));
                b.clear();
            }
        } catch (IOException e) {
            // A reset after the answer: what was read is the answer.
        }
        return out.toString();
    }
}
