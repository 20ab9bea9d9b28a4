package io.peerexchange.adapters.wireguard;

import io.peerexchange.ports.WireGuardKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real wireguard-go in its own network namespace (only loopback inside, so a keepalive or handshake to
 * a test address goes nowhere), configured with wg. Its UAPI socket sits in the shared
 * /var/run/wireguard under a {@code pxw} name.
 */
final class WireGuardGo implements AutoCloseable {
    static final Path SOCKET_DIR = Path.of("/var/run/wireguard");

    private final String netns;
    private final String ifname;
    private final Path work;
    private final String privateKey;
    private final boolean ownsNetns;
    private Process process;

    private WireGuardGo(String netns, String ifname, Path work, String privateKey, boolean ownsNetns) {
        this.netns = netns;
        this.ifname = ifname;
        this.work = work;
        this.privateKey = privateKey;
        this.ownsNetns = ownsNetns;
    }

    /** Creates the namespace (fresh) and starts wireguard-go with a private key. */
    static WireGuardGo start(String netns, String ifname) throws IOException {
        RootSupport.run(List.of("ip", "netns", "del", netns));
        RootSupport.runOk(List.of("ip", "netns", "add", netns));
        RootSupport.runOk(List.of("ip", "-n", netns, "link", "set", "lo", "up"));
        return launchIn(netns, ifname, true);
    }

    /** A second wireguard-go in this one's namespace, so that the two can talk over loopback. */
    WireGuardGo neighbour(String otherIfname) throws IOException {
        return launchIn(netns, otherIfname, false);
    }

    private static WireGuardGo launchIn(String netns, String ifname, boolean ownsNetns) throws IOException {
        Path work = Files.createTempDirectory(
                "pxw-wg", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        WireGuardGo wg = new WireGuardGo(
                netns, ifname, work, RootSupport.runOk(List.of("wg", "genkey")).trim(), ownsNetns);
        wg.launch();
        return wg;
    }

    String ifname() {
        return ifname;
    }

    Path socket() {
        return SOCKET_DIR.resolve(ifname + ".sock");
    }

    void launch() throws IOException {
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", netns, "wireguard-go", "-f", ifname)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("wireguard-go.log").toFile());
        pb.environment().put("LOG_LEVEL", "error");
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket())
                || RootSupport.run(List.of("wg", "show", ifname)).exit() != 0) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IOException("wireguard-go " + ifname + " did not come up: "
                        + Files.readString(work.resolve("wireguard-go.log")));
            }
            sleep(20);
        }
        Path key = work.resolve("private.key");
        Files.writeString(key, privateKey + "\n");
        wg("set", ifname, "private-key", key.toString());
    }

    /** SIGKILL: the socket file stays behind, as after a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    String wg(String... args) {
        List<String> command = new ArrayList<>();
        command.add("wg");
        command.addAll(List.of(args));
        return RootSupport.runOk(command);
    }

    /** Adds peers from wg-quick style [Peer] sections in one go. */
    void addConf(String peerSections) throws IOException {
        Path conf = work.resolve("add.conf");
        Files.writeString(conf, peerSections, StandardCharsets.US_ASCII);
        wg("addconf", ifname, conf.toString());
    }

    /** Removes every peer, keeps the private key. */
    void clearPeers() throws IOException {
        Path conf = work.resolve("empty.conf");
        Files.writeString(conf, "[Interface]\nPrivateKey = " + privateKey + "\n");
        wg("setconf", ifname, conf.toString());
    }

    Path writePsk() throws IOException {
        Path psk = work.resolve("psk");
        Files.writeString(psk, RootSupport.runOk(List.of("wg", "genpsk")));
        return psk;
    }

    /** {@code wg show <if> dump} peer lines by public key: psk, endpoint, allowed ips, handshake, rx, tx, keepalive. */
    Map<WireGuardKey, List<String>> dumpPeers() {
        Map<WireGuardKey, List<String>> peers = new LinkedHashMap<>();
        String[] lines = wg("show", ifname, "dump").split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t");
            peers.put(WireGuardKey.fromBase64(f[0]), List.of(f).subList(1, f.length));
        }
        return peers;
    }

    /** The interface line of the dump: private key, public key, port, fwmark. */
    String dumpInterface() {
        return wg("show", ifname, "dump").split("\n")[0];
    }

    @Override
    public void close() throws Exception {
        stop();
        if (ownsNetns) {
            RootSupport.run(List.of("ip", "netns", "del", netns));
        }
        try (var files = Files.list(work)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(work);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
