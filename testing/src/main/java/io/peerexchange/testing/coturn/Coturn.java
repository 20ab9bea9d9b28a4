package io.peerexchange.testing.coturn;

import io.peerexchange.ports.StunServer;
import io.peerexchange.testing.env.Require;
import io.peerexchange.testing.net.FreePorts;
import io.peerexchange.testing.net.PortRange;
import io.peerexchange.testing.process.Commands;
import io.peerexchange.testing.process.Processes;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real coturn started by a test and stopped by {@link #close()}: a STUN server
 * ({@code turnserver --stun-only}), or with {@link Builder#longTermUser}, {@link Builder#authSecret}
 * a TURN server with long-term or time-limited REST credentials (and {@link Builder#userQuota},
 * {@link Builder#relayIp}).
 * It keeps every file it writes (pid, database, log) in its own temporary directory. Without
 * turnserver on the PATH the test is skipped, or fails under {@code CI=true}. "Silent" is SIGSTOP:
 * the port stays bound and requests are never answered (no ICMP unreachable), as behind a
 * black-holing network; {@link #resume()} brings it back.
 */
public final class Coturn implements AutoCloseable {
    /** How long a started coturn gets to answer its first Binding request. */
    public static final long START_MILLIS = 5_000;

    private static final int KERNEL_PORT_ATTEMPTS = 5;

    private Process process;
    private final Path directory;
    private final int port;
    private final List<String> listenAddresses;
    private final List<String> command;

    private Coturn(Process process, Path directory, int port, List<String> listenAddresses, List<String> command) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.listenAddresses = listenAddresses;
        this.command = command;
    }

    /** coturn on the given addresses; see {@link Builder} for the port, a namespace and more flags. */
    public static Builder listeningOn(String... addresses) {
        return new Builder(List.of(addresses));
    }

    /** How to start one coturn. */
    public static final class Builder {
        private final List<String> listenAddresses;
        private List<String> prefix = List.of();
        private PortRange range;
        private int fixedPort;
        private final List<String> extraFlags = new ArrayList<>();
        private final List<String> turnFlags = new ArrayList<>();

        private Builder(List<String> listenAddresses) {
            if (listenAddresses.isEmpty()) {
                throw new IllegalArgumentException("coturn needs an address to listen on");
            }
            this.listenAddresses = listenAddresses;
        }

        /** A port of this suite's own range (default: a port the kernel picks). */
        public Builder ports(PortRange ports) {
            this.range = ports;
            return this;
        }

        /** Exactly this port (inside a namespace, where nothing else can hold it). */
        public Builder port(int port) {
            this.fixedPort = port;
            return this;
        }

        /**
         * Runs coturn behind {@code command} (e.g. {@code ip netns exec pxs-inet}). The test cannot
         * reach it from here, so it is not probed: the caller waits for its listener its own way.
         */
        public Builder behind(List<String> command) {
            this.prefix = List.copyOf(command);
            return this;
        }

        /** More turnserver flags (e.g. {@code --no-rfc5780}). */
        public Builder flags(String... flags) {
            extraFlags.addAll(List.of(flags));
            return this;
        }

        /** A TURN server with long-term credentials: {@code user} with {@code password} in {@code realm}. */
        public Builder longTermUser(String realm, String user, String password) {
            turnFlags.addAll(List.of("--lt-cred-mech", "--realm", realm, "--user", user + ":" + password));
            return this;
        }

        /** A TURN server with coturn's time-limited REST credentials ({@code use-auth-secret}) under {@code secret}. */
        public Builder authSecret(String realm, String secret) {
            turnFlags.addAll(List.of("--use-auth-secret", "--static-auth-secret", secret, "--realm", realm));
            return this;
        }

        /** At most {@code allocations} allocations per user (486 beyond). */
        public Builder userQuota(int allocations) {
            turnFlags.addAll(List.of("--user-quota", Integer.toString(allocations)));
            return this;
        }

        /** Nonces expire after {@code seconds}: later requests get 438 Stale Nonce and must be sent again. */
        public Builder staleNonce(int seconds) {
            turnFlags.add("--stale-nonce=" + seconds);
            return this;
        }

        /** Relayed addresses on {@code address}; a loopback one also allows loopback peers (tests on one host). */
        public Builder relayIp(String address) {
            turnFlags.addAll(List.of("--relay-ip", address));
            if (address.startsWith("127.") || address.equals("::1")) {
                turnFlags.add("--allow-loopback-peers");
            }
            return this;
        }

        /** Starts coturn and, on this host, waits until it answers a Binding request. */
        public Coturn start() throws IOException, InterruptedException {
            Require.command("turnserver", "coturn");
            if (!prefix.isEmpty() || fixedPort != 0) {
                return launch(fixedPort == 0 ? FreePorts.udp() : fixedPort, prefix.isEmpty());
            }
            IOException last = null;
            int attempts = range == null ? KERNEL_PORT_ATTEMPTS : range.size();
            for (int attempt = 0; attempt < attempts; attempt++) {
                int port = range == null ? FreePorts.udp() : range.next();
                if (port < 0) {
                    break;
                }
                try {
                    return launch(port, true);
                } catch (IOException e) {
                    last = e;
                }
            }
            throw new IOException("coturn did not start on any port" + (range == null ? "" : " of " + range), last);
        }

        private Coturn launch(int port, boolean probe) throws IOException, InterruptedException {
            Path directory = Files.createTempDirectory("px-coturn");
            List<String> command = new ArrayList<>(prefix);
            command.add("turnserver");
            command.add("-n");
            if (turnFlags.isEmpty()) {
                command.add("--stun-only");
            } else {
                command.addAll(turnFlags);
            }
            command.addAll(List.of(
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
            command.addAll(extraFlags);
            Process process = spawn(command, directory);
            Coturn coturn = new Coturn(process, directory, port, List.copyOf(listenAddresses), List.copyOf(command));
            if (!probe) {
                return coturn;
            }
            try {
                coturn.awaitAnswer();
                return coturn;
            } catch (IOException | InterruptedException | RuntimeException e) {
                coturn.close();
                throw e;
            }
        }
    }

    private static Process spawn(List<String> command, Path directory) throws IOException {
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        directory.resolve("turnserver.log").toFile()))
                .start();
    }

    /**
     * Stops coturn and starts it again with the same flags on the same port: every allocation is
     * gone, as after a server restart. Waits for its answer when it runs on this host.
     */
    public void restart() throws IOException, InterruptedException {
        Processes.stop(process);
        process = spawn(command, directory);
        if (command.get(0).equals("turnserver")) {
            awaitAnswer();
        }
    }

    public int port() {
        return port;
    }

    /** {@code host:port} of the first listen address, as the agent's {@code --stun-server} takes it. */
    public String address() {
        return server(listenAddresses.get(0)).toString();
    }

    public StunServer server(String address) {
        if (!listenAddresses.contains(address)) {
            throw new IllegalArgumentException("coturn does not listen on " + address);
        }
        return new StunServer(address, port);
    }

    public String log() {
        return Processes.read(directory.resolve("turnserver.log"));
    }

    /** SIGSTOP: bound but silent. */
    public void silence() throws IOException {
        Processes.signal(process, "STOP");
    }

    /** SIGCONT: answering again. */
    public void resume() throws IOException {
        Processes.signal(process, "CONT");
    }

    /**
     * Sends Binding requests until coturn answers one with a success (it needs a moment to open its
     * listeners). The request is written by hand: this module knows no STUN codec.
     */
    private void awaitAnswer() throws IOException, InterruptedException {
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(listenAddresses.get(0)), port);
        byte[] request = bindingRequest();
        long deadline = System.nanoTime() + START_MILLIS * 1_000_000L;
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(100);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("turnserver exited " + process.exitValue() + ": " + log());
                }
                socket.send(new DatagramPacket(request, request.length, target));
                try {
                    DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
                    socket.receive(answer);
                    if (answer.getLength() >= 20 && answer.getData()[0] == 0x01 && answer.getData()[1] == 0x01) {
                        return;
                    }
                } catch (SocketTimeoutException | PortUnreachableException e) {
                    Thread.sleep(50);
                }
            }
        }
        throw new IOException("turnserver did not answer on " + target + " within " + START_MILLIS + " ms: " + log());
    }

    /** RFC 5389 Binding request: type 0x0001, length 0, the magic cookie, a random transaction id. */
    private static byte[] bindingRequest() {
        byte[] request = new byte[20];
        request[1] = 0x01;
        request[4] = 0x21;
        request[5] = 0x12;
        request[6] = (byte) 0xA4;
        request[7] = 0x42;
        for (int i = 8; i < 20; i++) {
            request[i] = (byte) ThreadLocalRandom.current().nextInt(256);
        }
        return request;
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            // A stopped process cannot act on SIGTERM; if it just died, there is nothing to continue.
            Commands.run("kill", "-CONT", String.valueOf(process.pid()));
        }
        Processes.stop(process);
        Processes.deleteTree(directory);
    }
}
