package io.peerexchange.bootstrap.testing;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real STUN server: coturn ({@code turnserver --stun-only}) on 127.0.0.1, on a free port of the
 * range reserved for these tests (34800-34819). Skips the test when coturn is not installed, except
 * in CI, where that is a failure.
 */
public final class Coturn implements AutoCloseable {
    private static final int FIRST_PORT = 34800;
    private static final int LAST_PORT = 34819;

    private final Process process;
    private final int port;
    private final Path logFile;

    private Coturn(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    public static Coturn start() throws IOException, InterruptedException {
        String binary = findOnPath("turnserver");
        if (binary == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("coturn (turnserver) is required in CI: apt-get install coturn");
            }
            Assumptions.abort("coturn (turnserver) is not installed: apt-get install coturn");
        }
        int offset = ThreadLocalRandom.current().nextInt(LAST_PORT - FIRST_PORT + 1);
        for (int i = 0; i <= LAST_PORT - FIRST_PORT; i++) {
            int port = FIRST_PORT + (offset + i) % (LAST_PORT - FIRST_PORT + 1);
            if (!udpPortFree(port)) {
                continue;
            }
            Path log = Files.createTempFile("pxb-coturn-", ".log");
            Process process = new ProcessBuilder(
                            binary,
                            "--stun-only",
                            "-L",
                            "127.0.0.1",
                            "-p",
                            String.valueOf(port),
                            "--no-cli",
                            "--no-tls",
                            "--no-dtls",
                            "-n",
                            "--no-stdout-log",
                            "--log-file",
                            "stdout",
                            "--pidfile",
                            log + ".pid",
                            "--no-rfc5780")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Coturn coturn = new Coturn(process, port, log);
            if (coturn.awaitAnswering(5_000)) {
                return coturn;
            }
            coturn.close();
        }
        throw new IllegalStateException("coturn did not start on any port " + FIRST_PORT + "-" + LAST_PORT);
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    /** A loopback UDP port nothing listens on (for "every server failed"). */
    public static int closedUdpPort() throws SocketException {
        return freeUdpPort();
    }

    /** A UDP port free right now on 127.0.0.1. */
    public static int freeUdpPort() throws SocketException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }

    private boolean awaitAnswering(long millis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        byte[] request = new byte[20];
        request[1] = 0x01;
        request[4] = 0x21;
        request[5] = 0x12;
        request[6] = (byte) 0xA4;
        request[7] = 0x42;
        for (int i = 8; i < 20; i++) {
            request[i] = (byte) ThreadLocalRandom.current().nextInt(256);
        }
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(200);
            while (System.currentTimeMillis() < deadline && process.isAlive()) {
                socket.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
                try {
                    DatagramPacket answer = new DatagramPacket(new byte[1024], 1024);
                    socket.receive(answer);
                    if (answer.getLength() >= 20 && answer.getData()[0] == 0x01 && answer.getData()[1] == 0x01) {
                        return true;
                    }
                } catch (SocketTimeoutException | java.net.PortUnreachableException e) {
                    Thread.sleep(50);
                }
            }
        }
        return false;
    }

    private static boolean udpPortFree(int port) {
        try (DatagramSocket socket =
                new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return socket.isBound();
        } catch (SocketException e) {
            return false;
        }
    }

    private static String findOnPath(String name) {
        String path = System.getenv("PATH");
        for (String dir :
                (path == null ? "/usr/bin:/usr/sbin:/bin" : path + ":/usr/sbin:/usr/bin").split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(logFile);
        Files.deleteIfExists(Path.of(logFile + ".pid"));
    }
}
