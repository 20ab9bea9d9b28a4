package io.peerexchange.adapters.stun.testing;

import io.peerexchange.adapters.stun.codec.StunCodec;
import io.peerexchange.adapters.stun.codec.StunMessage;
import io.peerexchange.adapters.stun.codec.TransactionId;
import io.peerexchange.ports.StunServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real coturn ({@code turnserver --stun-only}) started by a test and stopped by {@link #close()}.
 * It keeps every file it writes (pid, database, log) in its own temporary directory.
 */
public final class Coturn implements AutoCloseable {
    private final Process process;
    private final Path directory;
    private final int port;
    private final List<String> listenAddresses;

    private Coturn(Process process, Path directory, int port, List<String> listenAddresses) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.listenAddresses = listenAddresses;
    }

    /** Starts coturn on 127.0.0.1 and ::1 on a free port and waits until it answers. */
    public static Coturn onLoopback() throws IOException, InterruptedException {
        Environment.requireCommand("turnserver");
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = FreePorts.udp();
            Coturn coturn = start(List.of(), List.of("127.0.0.1", "::1"), port);
            try {
                coturn.awaitAnswer(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return coturn;
            } catch (IOException e) {
                last = e;
                coturn.close();
            }
        }
        throw last;
    }

    /** Starts coturn with {@code prefix} (e.g. {@code ip netns exec pxs-inet}) in front of the command. */
    public static Coturn start(List<String> prefix, List<String> listenAddresses, int port) throws IOException {
        Path directory = Files.createTempDirectory("pxs-coturn");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(
                "turnserver",
                "-n",
                "--stun-only",
                "--no-cli",
                "--no-tls",
                "--no-dtls",
                "-p",
                Integer.toString(port),
                "--log-file",
                "stdout",
                "--simple-log",
                "--pidfile",
                directory.resolve("turnserver.pid").toString(),
                "--userdb",
                directory.resolve("turndb").toString()));
        for (String address : listenAddresses) {
            command.add("-L");
            command.add(address);
        }
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("turnserver.log").toFile())
                .start();
        return new Coturn(process, directory, port, List.copyOf(listenAddresses));
    }

    public int port() {
        return port;
    }

    public StunServer server(String address) {
        if (!listenAddresses.contains(address)) {
            throw new IllegalArgumentException("coturn does not listen on " + address);
        }
        return new StunServer(address, port);
    }

    public String log() throws IOException {
        return Files.readString(directory.resolve("turnserver.log"), StandardCharsets.UTF_8);
    }

    /** Sends Binding requests until coturn answers one (it needs a moment to open its listeners). */
    private void awaitAnswer(InetSocketAddress address) throws IOException, InterruptedException {
        byte[] request = StunCodec.encode(StunMessage.bindingRequest(TransactionId.random(), Optional.empty()));
        long deadline = System.nanoTime() + 5_000_000_000L;
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(100);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("turnserver exited " + process.exitValue() + ": " + log());
                }
                socket.send(new DatagramPacket(request, request.length, address));
                try {
                    socket.receive(new DatagramPacket(new byte[1500], 1500));
                    return;
                } catch (SocketTimeoutException e) {
                    Thread.sleep(50);
                }
            }
        }
        throw new IOException("turnserver did not answer on " + address + " within 5 s: " + log());
    }

    @Override
    public void close() throws InterruptedException, IOException {
        Processes.stop(process);
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
    }
}
