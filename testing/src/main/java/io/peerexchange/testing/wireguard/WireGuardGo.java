package io.peerexchange.testing.wireguard;

import io.peerexchange.ports.WireGuardKey;
import io.peerexchange.testing.env.Require;
import io.peerexchange.testing.netns.NetworkNamespace;
import io.peerexchange.testing.process.Commands;
import io.peerexchange.testing.process.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real wireguard-go interface with a fresh private key, in the root namespace or in a network
 * namespace of the test (there only loopback, so a handshake to a test address goes nowhere). Its
 * UAPI socket sits in the shared {@code /var/run/wireguard}, so {@code wg} and the agent reach it
 * from the root namespace. It can be killed and started again with the same key and port (and the
 * peers added through {@link #addPeer}), as systemd would after a crash. Root only.
 */
public final class WireGuardGo implements AutoCloseable {
    public static final Path SOCKET_DIR = Path.of("/var/run/wireguard");

    /** How long wireguard-go gets to open its UAPI socket. */
    public static final long START_SECONDS = 10;

    private final String ifname;
    private final Optional<NetworkNamespace> namespace;
    private final boolean ownsNamespace;
    private final int listenPort;
    private final boolean linkUp;
    private final Path work;
    private final String privateKey;
    private final Map<String, String[]> peers = new LinkedHashMap<>();
    private Process process;

    private WireGuardGo(Builder builder, Path work, String privateKey) {
        this.ifname = builder.ifname;
        this.namespace = builder.namespace;
        this.ownsNamespace = builder.ownsNamespace;
        this.listenPort = builder.listenPort;
        this.linkUp = builder.linkUp;
        this.work = work;
        this.privateKey = privateKey;
    }

    /** Root with wireguard-go, wg and ip installed; else skipped (failed under {@code CI=true}). */
    public static void requireAvailable() {
        Require.root("wireguard-go needs network namespaces, /dev/net/tun and /var/run/wireguard");
        Require.command("wireguard-go", "wireguard-go");
        Require.command("wg", "wireguard-tools");
        Require.command("ip", "iproute2");
    }

    /** An interface named {@code ifname} (test names start with {@code px}). */
    public static Builder named(String ifname) {
        return new Builder(ifname);
    }

    /** How to start one wireguard-go. */
    public static final class Builder {
        private final String ifname;
        private Optional<NetworkNamespace> namespace = Optional.empty();
        private boolean ownsNamespace;
        private String freshNamespace;
        private int listenPort;
        private boolean linkUp;
        private boolean keyed = true;

        private Builder(String ifname) {
            if (!ifname.startsWith("px")) {
                throw new IllegalArgumentException("test interfaces are named px…, not " + ifname);
            }
            this.ifname = ifname;
        }

        /** In a namespace of its own, created fresh now and deleted with the interface. */
        public Builder inFreshNamespace(String netns) {
            this.freshNamespace = netns;
            return this;
        }

        /** In a namespace the caller owns (and deletes). */
        public Builder in(NetworkNamespace netns) {
            this.namespace = Optional.of(netns);
            this.ownsNamespace = false;
            return this;
        }

        /** {@code wg set listen-port} (default: wireguard-go's random port). */
        public Builder listenPort(int port) {
            this.listenPort = port;
            return this;
        }

        /** {@code ip link set up} once configured. */
        public Builder up() {
            this.linkUp = true;
            return this;
        }

        /**
         * No private key: wireguard-go then does no per-peer key precomputation, which a benchmark
         * of {@code wg set} must not measure. The caller may set a key of its own.
         */
        public Builder withoutPrivateKey() {
            this.keyed = false;
            return this;
        }

        public WireGuardGo start() throws IOException {
            if (freshNamespace != null) {
                namespace = Optional.of(NetworkNamespace.fresh(freshNamespace));
                ownsNamespace = true;
            }
            Path work = null;
            try {
                work = Files.createTempDirectory(
                        "px-wg", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                WireGuardGo wg = new WireGuardGo(
                        this, work, keyed ? Commands.ok("wg", "genkey").trim() : null);
                try {
                    wg.launch();
                    return wg;
                } catch (IOException | RuntimeException e) {
                    wg.close();
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                if (ownsNamespace) {
                    namespace.get().close();
                }
                if (work != null) {
                    Processes.deleteTree(work);
                }
                throw e;
            }
        }
    }

    /** A second wireguard-go in this one's namespace, so that the two can talk over loopback. */
    public WireGuardGo neighbour(String otherIfname) throws IOException {
        Builder builder = named(otherIfname);
        namespace.ifPresent(builder::in);
        return builder.start();
    }

    public String ifname() {
        return ifname;
    }

    public Path socket() {
        return SOCKET_DIR.resolve(ifname + ".sock");
    }

    /** The listen port it was given (0: wireguard-go's own choice). */
    public int listenPort() {
        return listenPort;
    }

    /** The interface's private key (base64), e.g. for a scan that it never reaches a log. */
    public String privateKey() {
        if (privateKey == null) {
            throw new IllegalStateException(ifname + " was started without a private key");
        }
        return privateKey;
    }

    /** Starts wireguard-go (again, after {@link #kill()}) and sets the key, port and link state. */
    public void launch() throws IOException {
        ipLink("del");
        List<String> command = new ArrayList<>();
        namespace.ifPresent(ns -> command.addAll(ns.exec()));
        command.addAll(List.of("wireguard-go", "-f", ifname));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().put("LOG_LEVEL", "error");
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (!Files.exists(socket()) || Commands.run("wg", "show", ifname).exit() != 0) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IOException("wireguard-go " + ifname + " did not come up: " + Processes.read(log()));
            }
            sleep(20);
        }
        List<String> set = new ArrayList<>(List.of("set", ifname));
        if (privateKey != null) {
            Path key = work.resolve("private.key");
            Files.writeString(key, privateKey + "\n");
            set.addAll(List.of("private-key", key.toString()));
        }
        if (listenPort != 0) {
            set.addAll(List.of("listen-port", String.valueOf(listenPort)));
        }
        if (set.size() > 2) {
            wg(set.toArray(String[]::new));
        }
        if (linkUp) {
            ipLink("set", "up");
        }
    }

    /** Like {@link #launch()} after a crash, with the peers of {@link #addPeer} (at their first endpoints). */
    public void restart() throws IOException {
        launch();
        for (Map.Entry<String, String[]> peer : peers.entrySet()) {
            wg("set", ifname, "peer", peer.getKey(), "allowed-ips", peer.getValue()[0], "endpoint", peer.getValue()[1]);
        }
    }

    /** SIGKILL, the way a crash ends it: the UAPI socket file stays behind. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(Processes.GRACE_SECONDS, TimeUnit.SECONDS);
    }

    public void stop() {
        Processes.stop(process);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Runs {@code wg args…}; a failure is unchecked so that it fits contract callbacks and lambdas. */
    public String wg(String... args) {
        List<String> command = new ArrayList<>();
        command.add("wg");
        command.addAll(List.of(args));
        try {
            return Commands.ok(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a peer, remembered for {@link #restart()} with this endpoint. */
    public void addPeer(String publicKey, String allowedIp, String endpoint) {
        peers.put(publicKey, new String[] {allowedIp, endpoint});
        wg("set", ifname, "peer", publicKey, "allowed-ips", allowedIp, "endpoint", endpoint);
    }

    /** Adds peers from wg-quick style [Peer] sections in one go. */
    public void addConf(String peerSections) throws IOException {
        Path conf = work.resolve("add.conf");
        Files.writeString(conf, peerSections, StandardCharsets.US_ASCII);
        wg("addconf", ifname, conf.toString());
    }

    /** Removes every peer, keeps the private key. */
    public void clearPeers() throws IOException {
        Path conf = work.resolve("empty.conf");
        Files.writeString(conf, "[Interface]\n" + (privateKey == null ? "" : "PrivateKey = " + privateKey + "\n"));
        wg("setconf", ifname, conf.toString());
    }

    /** A fresh preshared key in a file of this interface's private directory. */
    public Path writePsk() throws IOException {
        Path psk = work.resolve("psk");
        Files.writeString(psk, Commands.ok("wg", "genpsk"));
        return psk;
    }

    /** The peer's endpoint as WireGuard holds it ("(none)" when unset). */
    public String endpointOf(String publicKey) {
        for (String line : wg("show", ifname, "endpoints").split("\n")) {
            String[] parts = line.split("\t");
            if (parts.length == 2 && parts[0].equals(publicKey)) {
                return parts[1];
            }
        }
        throw new IllegalStateException("no peer " + publicKey + " on " + ifname);
    }

    /** {@code wg show <if> dump} peer lines by public key: psk, endpoint, allowed ips, handshake, rx, tx, keepalive. */
    public Map<WireGuardKey, List<String>> dumpPeers() {
        Map<WireGuardKey, List<String>> dumped = new LinkedHashMap<>();
        String[] lines = wg("show", ifname, "dump").split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t");
            dumped.put(WireGuardKey.fromBase64(f[0]), List.of(f).subList(1, f.length));
        }
        return dumped;
    }

    /** Every peer line of the dump, sorted (the interface line holds the private key). */
    public String peerDump() {
        String dump = wg("show", ifname, "dump");
        int firstNewline = dump.indexOf('\n');
        // wireguard-go lists peers in hash order, which changes when a peer is written: compare as a set.
        return firstNewline < 0
                ? ""
                : dump.substring(firstNewline + 1).lines().sorted().collect(Collectors.joining("\n"));
    }

    /** The interface line of the dump: private key, public key, port, fwmark. */
    public String dumpInterface() {
        return wg("show", ifname, "dump").split("\n")[0];
    }

    private Path log() {
        return work.resolve("wireguard-go.log");
    }

    private void ipLink(String... action) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip"));
        namespace.ifPresent(ns -> command.addAll(List.of("-n", ns.name())));
        command.add("link");
        command.add(action[0]);
        command.add(ifname);
        command.addAll(List.of(action).subList(1, action.length));
        if (action[0].equals("del")) {
            // A leftover of an aborted run would keep wireguard-go from creating the interface.
            Commands.run(command);
        } else {
            Commands.ok(command);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Stops wireguard-go and removes what it left; an interrupt is kept for the caller, clean-up still runs. */
    @Override
    public void close() throws IOException {
        try {
            stop();
        } finally {
            try {
                ipLink("del");
                Files.deleteIfExists(socket());
                if (ownsNamespace) {
                    namespace.get().close();
                }
            } finally {
                Processes.deleteTree(work);
            }
        }
    }
}
