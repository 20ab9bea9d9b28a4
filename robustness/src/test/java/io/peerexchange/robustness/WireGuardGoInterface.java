package io.peerexchange.robustness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A wireguard-go interface in the root namespace (name {@code pxr…}), listening on a loopback-reachable
 * UDP port, with test peers that never send anything (so no path is ever "live"). It can be killed and
 * started again with the same configuration, as systemd would after a crash.
 */
final class WireGuardGoInterface implements AutoCloseable {
    private static final Path SOCKET_DIR = Path.of("/var/run/wireguard");

    private final String ifname;
    private final int listenPort;
    private final Path work;
    private final Map<String, String[]> peers = new LinkedHashMap<>();
    private Process process;

    private WireGuardGoInterface(String ifname, int listenPort, Path work) {
        this.ifname = ifname;
        this.listenPort = listenPort;
        this.work = work;
    }

    static WireGuardGoInterface start(String ifname, int listenPort) throws IOException {
        if (!ifname.startsWith("pxr")) {
            throw new IllegalArgumentException("test interfaces are named pxr…");
        }
        Commands.run("ip", "link", "del", ifname);
        Path work = Files.createTempDirectory(
                "pxr-wg", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(
                work.resolve("private.key"), Commands.ok("wg", "genkey").trim() + "\n");
        WireGuardGoInterface wg = new WireGuardGoInterface(ifname, listenPort, work);
        wg.launch();
        return wg;
    }

    String ifname() {
        return ifname;
    }

    /** The interface's private key (base64), so the secret scan can look for it. */
    String privateKey() throws IOException {
        return Files.readString(work.resolve("private.key")).trim();
    }

    int listenPort() {
        return listenPort;
    }

    /** Adds a peer (kept across restarts with its first endpoint). */
    void addPeer(String publicKey, String allowedIp, String endpoint) throws IOException {
        peers.put(publicKey, new String[] {allowedIp, endpoint});
        Commands.ok("wg", "set", ifname, "peer", publicKey, "allowed-ips", allowedIp, "endpoint", endpoint);
    }

    /** The peer's endpoint as WireGuard holds it ("(none)" when unset). */
    String endpointOf(String publicKey) throws IOException {
        for (String line : Commands.ok("wg", "show", ifname, "endpoints").split("\n")) {
            String[] parts = line.split("\t");
            if (parts.length == 2 && parts[0].equals(publicKey)) {
                return parts[1];
            }
        }
        throw new IOException("no peer " + publicKey + " on " + ifname);
    }

    /** Everything {@code wg show <if> dump} prints about the peers, sorted (the interface line holds the private key). */
    String peerDump() throws IOException {
        String dump = Commands.ok("wg", "show", ifname, "dump");
        int firstNewline = dump.indexOf('\n');
        // wireguard-go lists peers in hash order, which changes when a peer is written: compare as a set.
        return firstNewline < 0
                ? ""
                : dump.substring(firstNewline + 1).lines().sorted().collect(java.util.stream.Collectors.joining("\n"));
    }

    /** SIGKILL, the way a crash ends it: the UAPI socket file stays behind. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Starts wireguard-go again with the key, port and peers (and their original endpoints). */
    void restart() throws IOException {
        Commands.run("ip", "link", "del", ifname);
        launch();
        for (Map.Entry<String, String[]> peer : peers.entrySet()) {
            Commands.ok(
                    "wg",
                    "set",
                    ifname,
                    "peer",
                    peer.getKey(),
                    "allowed-ips",
                    peer.getValue()[0],
                    "endpoint",
                    peer.getValue()[1]);
        }
    }

    private void launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder("wireguard-go", "-f", ifname)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        work.resolve("wireguard-go.log").toFile()));
        builder.environment().put("LOG_LEVEL", "error");
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(SOCKET_DIR.resolve(ifname + ".sock"))
                || Commands.run("wg", "show", ifname).exit() != 0) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IOException("wireguard-go " + ifname + " did not come up: "
                        + Files.readString(work.resolve("wireguard-go.log")));
            }
            sleep(20);
        }
        Commands.ok(
                "wg",
                "set",
                ifname,
                "private-key",
                work.resolve("private.key").toString(),
                "listen-port",
                String.valueOf(listenPort));
        Commands.ok("ip", "link", "set", ifname, "up");
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Commands.run("ip", "link", "del", ifname);
            Files.deleteIfExists(SOCKET_DIR.resolve(ifname + ".sock"));
            Files.deleteIfExists(work.resolve("private.key"));
            Files.deleteIfExists(work.resolve("wireguard-go.log"));
            Files.deleteIfExists(work);
        }
    }
}
