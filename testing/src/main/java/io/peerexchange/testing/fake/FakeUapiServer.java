package io.peerexchange.testing.fake;

import io.peerexchange.ports.Endpoint;
import io.peerexchange.ports.WireGuardKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A userspace WireGuard speaking the UAPI protocol the way wireguard-go does (or, on request, the way
 * boringtun does), over a real Unix domain socket: lets the adapter's full stack run without root.
 */
public final class FakeUapiServer implements AutoCloseable {

    public enum Dialect {
        WIREGUARD_GO,
        BORINGTUN
    }

    /** One peer, with what a real device keeps. */
    public static final class Peer {
        public String endpoint;
        public long rxBytes;
        public long txBytes;
        public long lastHandshakeSec;
        public int keepalive;
        public String presharedKeyHex = "0".repeat(64);
        public final List<String> allowedIps = new ArrayList<>();
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final Map<WireGuardKey, Peer> peers = new LinkedHashMap<>();
    private final List<String> setRequests = new ArrayList<>();
    private Dialect dialect = Dialect.WIREGUARD_GO;
    private int gets;
    private int failSetAfterPeers = -1;
    private int failErrno;
    private boolean hang;
    /** Read without the lock: a hanging connection holds it. */
    private volatile int hungConnections;

    public FakeUapiServer(Path socket) throws IOException {
        this.socket = socket;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = new Thread(this::acceptLoop, "fake-uapi");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public Path socket() {
        return socket;
    }

    public synchronized FakeUapiServer dialect(Dialect d) {
        dialect = d;
        return this;
    }

    public synchronized Peer peer(WireGuardKey key, String endpoint) {
        Peer p = new Peer();
        p.endpoint = endpoint == null ? null : Endpoint.parse(endpoint).toString();
        p.allowedIps.add("10.77." + (peers.size() / 250) + "." + (peers.size() % 250 + 1) + "/32");
        peers.put(key, p);
        return p;
    }

    public synchronized Optional<Peer> find(WireGuardKey key) {
        return Optional.ofNullable(peers.get(key));
    }

    /** The set fails with this errno once this many peer sections have been applied. */
    public synchronized FakeUapiServer failSetAfter(int appliedPeers, int errno) {
        failSetAfterPeers = appliedPeers;
        failErrno = errno;
        return this;
    }

    /** Accept connections but never answer. */
    public synchronized FakeUapiServer hang() {
        hang = true;
        return this;
    }

    /** Connections that sent their request and are now held without an answer (see {@link #hang()}). */
    public int hungConnections() {
        return hungConnections;
    }

    public synchronized int gets() {
        return gets;
    }

    public synchronized List<String> setRequests() {
        return List.copyOf(setRequests);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                serve(client);
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    private void serve(SocketChannel client) throws IOException {
        BufferedReader in =
                new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.US_ASCII));
        OutputStream out = Channels.newOutputStream(client);
        String first = in.readLine();
        synchronized (this) {
            if (hang) {
                // Hold the connection open without answering until the client gives up.
                hungConnections++;
                while (in.read() >= 0) {
                    continue;
                }
                return;
            }
        }
        String answer;
        if ("get=1".equals(first)) {
            String empty = in.readLine();
            answer = "".equals(empty) ? get() : "errno=-22\n\n";
        } else if ("set=1".equals(first)) {
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                lines.add(line);
            }
            answer = "errno=" + set(lines) + "\n\n";
        } else {
            answer = "errno=-22\n\n";
        }
        out.write(answer.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private synchronized String get() {
        gets++;
        StringBuilder b = new StringBuilder();
        if (dialect == Dialect.BORINGTUN) {
            b.append("own_public_key=").append("ab".repeat(32)).append('\n');
        } else {
            b.append("private_key=").append("cd".repeat(32)).append('\n');
        }
        b.append("listen_port=51820\n");
        for (Map.Entry<WireGuardKey, Peer> e : peers.entrySet()) {
            Peer p = e.getValue();
            b.append("public_key=").append(e.getKey().toHex()).append('\n');
            b.append("preshared_key=").append(p.presharedKeyHex).append('\n');
            if (dialect == Dialect.WIREGUARD_GO) {
                b.append("protocol_version=1\n");
            }
            if (p.endpoint != null) {
                b.append("endpoint=").append(p.endpoint).append('\n');
            }
            b.append("last_handshake_time_sec=").append(p.lastHandshakeSec).append('\n');
            b.append("last_handshake_time_nsec=0\n");
            b.append("tx_bytes=").append(p.txBytes).append('\n');
            b.append("rx_bytes=").append(p.rxBytes).append('\n');
            b.append("persistent_keepalive_interval=").append(p.keepalive).append('\n');
            for (String ip : p.allowedIps) {
                b.append("allowed_ip=").append(ip).append('\n');
            }
        }
        return b.append("errno=0\n\n").toString();
    }

    /** Applies line by line like wireguard-go: stops at the first bad line. */
    private synchronized int set(List<String> lines) {
        setRequests.add(String.join("\n", lines));
        Peer current = null;
        boolean updateOnly = false;
        WireGuardKey currentKey = null;
        int applied = 0;
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                return -22;
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            switch (key) {
                case "public_key":
                    if (currentKey != null) {
                        applied++;
                    }
                    if (failSetAfterPeers >= 0 && applied >= failSetAfterPeers) {
                        return failErrno;
                    }
                    currentKey = WireGuardKey.fromHex(value);
                    current = peers.get(currentKey);
                    updateOnly = false;
                    break;
                case "update_only":
                    updateOnly = true;
                    break;
                case "endpoint":
                    Endpoint endpoint;
                    try {
                        endpoint = Endpoint.parse(value);
                    } catch (IllegalArgumentException e) {
                        return -22;
                    }
                    if (current == null && !updateOnly && currentKey != null) {
                        current = new Peer();
                        peers.put(currentKey, current);
                    }
                    if (current != null) {
                        current.endpoint = endpoint.toString();
                    }
                    break;
                default:
                    return -22;
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
        Files.deleteIfExists(socket);
    }
}
