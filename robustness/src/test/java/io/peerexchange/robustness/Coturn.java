package io.peerexchange.robustness;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * coturn as a STUN server on 127.0.0.1, on a port of this suite's range 34860–34879. "Silent" is
 * SIGSTOP: the port stays bound, requests are simply never answered (no ICMP unreachable), as with
 * a server behind a black-holing network; SIGCONT brings it back.
 */
final class Coturn implements AutoCloseable {
    private static final AtomicInteger NEXT = new AtomicInteger(34860);

    private final Process process;
    private final int port;
    private final Path work;

    private Coturn(Process process, int port, Path work) {
        this.process = process;
        this.port = port;
        this.work = work;
    }

    static Coturn start() throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = NEXT.getAndIncrement();
            if (port > 34879) {
                NEXT.set(34860);
                continue;
            }
            if (!udpFree(port)) {
                continue;
            }
            Path work = Files.createTempDirectory("pxr-coturn");
            Process process = new ProcessBuilder(
                            "turnserver",
                            "-n",
                            "--stun-only",
                            "--no-cli",
                            "--no-tls",
                            "--no-dtls",
                            "-L",
                            "127.0.0.1",
                            "-p",
                            String.valueOf(port),
                            "--log-file",
                            "stdout",
                            "--simple-log",
                            "--pidfile",
                            work.resolve("turnserver.pid").toString(),
                            "--userdb",
                            work.resolve("turndb").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("turnserver.log").toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline && process.isAlive() && udpFree(port)) {
                Thread.sleep(20);
            }
            if (process.isAlive() && !udpFree(port)) {
                return new Coturn(process, port, work);
            }
            process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
        }
        throw new IOException("coturn did not start on any port of 34860-34879");
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    void silence() throws IOException {
        Commands.ok("kill", "-STOP", String.valueOf(process.pid()));
    }

    void resume() throws IOException {
        Commands.ok("kill", "-CONT", String.valueOf(process.pid()));
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket socket =
                new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return true;
        } catch (SocketException e) {
            return false;
        }
    }

    /** A UDP port the kernel considers free right now (for wireguard-go's listen port). */
    static int freeUdpPort() throws SocketException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Commands.run("kill", "-CONT", String.valueOf(process.pid()));
        process.destroy();
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
        }
        try (var files = Files.list(work)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(work);
    }
}
