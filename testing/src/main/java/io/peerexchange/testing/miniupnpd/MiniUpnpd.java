package io.peerexchange.testing.miniupnpd;

import io.peerexchange.testing.env.Require;
import io.peerexchange.testing.netns.NetworkNamespace;
import io.peerexchange.testing.process.Processes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One miniupnpd (the {@code miniupnpd-iptables} build, so the router uses {@code iptables-legacy}
 * throughout) serving a router namespace's LAN, with NAT-PMP/PCP and UPnP IGD on. It runs a patched
 * copy of {@code /usr/sbin/miniupnpd} from its own temporary directory, never the installed binary:
 * Debian 12's 2.3.1 refuses a WAN address its {@code addr_is_reserved} table lists, and that table
 * holds 198.51.100.0/24 and 203.0.113.0/24, the ranges every lab here uses. Each entry of the table
 * is two little-endian 32-bit words: the network, and the number of host bits (32 minus the prefix
 * length, so 8 for a /24). {@link #patched} replaces those two entries with a copy of the multicast
 * entry (224.0.0.0, 28), which the table already refuses; nothing else changes.
 */
public final class MiniUpnpd implements AutoCloseable {
    public static final Path INSTALLED = Path.of("/usr/sbin/miniupnpd");
    /** The SOAP/HTTP port of its device description and control URL. */
    public static final int HTTP_PORT = 5000;

    static final long[][] REFUSED_LAB_RANGES = {{0xC6336400L, 8}, {0xCB007100L, 8}};
    static final long[] HARMLESS_ENTRY = {0xE0000000L, 28};
    private static final long START_MILLIS = 5_000;

    private final NetworkNamespace router;
    private final String wan;
    private final String lan;
    private final String lanNetwork;
    private final Path directory;
    private final Path binary;
    private Process process;

    private MiniUpnpd(NetworkNamespace router, String wan, String lan, String lanNetwork, Path directory)
            throws IOException {
        this.router = router;
        this.wan = wan;
        this.lan = lan;
        this.lanNetwork = lanNetwork;
        this.directory = directory;
        this.binary = directory.resolve("miniupnpd");
        Files.write(binary, patched(Files.readAllBytes(INSTALLED)));
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
    }

    /** Skips (or under CI fails) the test unless miniupnpd and iptables-legacy are installed. */
    public static void requireAvailable() {
        Require.that(Files.isExecutable(INSTALLED), "needs " + INSTALLED + " (Debian package miniupnpd-iptables)");
        Require.command("iptables-legacy", "iptables");
    }

    /**
     * Prepares {@code router}'s iptables-legacy chains for miniupnpd ({@code MINIUPNPD} in nat,
     * filter and mangle, {@code MINIUPNPD-POSTROUTING} before the router's own NAT) and starts it,
     * its WAN interface {@code wan}, LAN {@code lan} allowing {@code lanNetwork} (e.g. 192.168.1.0/24).
     */
    public static MiniUpnpd start(NetworkNamespace router, String wan, String lan, String lanNetwork)
            throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory(
                "px-miniupnpd", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        MiniUpnpd daemon = new MiniUpnpd(router, wan, lan, lanNetwork, directory);
        try {
            daemon.prepareChains();
            daemon.launch();
            return daemon;
        } catch (IOException | RuntimeException | InterruptedException e) {
            daemon.close();
            throw e;
        }
    }

    /** The binary with the two lab ranges taken out of {@code addr_is_reserved}; fails if either is not found once. */
    static byte[] patched(byte[] original) {
        byte[] out = original.clone();
        for (long[] entry : REFUSED_LAB_RANGES) {
            byte[] pattern = words(entry[0], entry[1]);
            int at = indexOf(out, pattern, 0);
            if (at < 0 || indexOf(out, pattern, at + 1) >= 0) {
                throw new IllegalStateException("miniupnpd's addr_is_reserved entry " + Long.toHexString(entry[0])
                        + " is not in the binary exactly once: another miniupnpd version?");
            }
            System.arraycopy(words(HARMLESS_ENTRY[0], HARMLESS_ENTRY[1]), 0, out, at, pattern.length);
        }
        return out;
    }

    private static byte[] words(long network, long hostBits) {
        return ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) network)
                .putInt((int) hostBits)
                .array();
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void prepareChains() throws IOException {
        iptables("-t", "nat", "-N", "MINIUPNPD");
        iptables("-t", "nat", "-I", "PREROUTING", "-i", wan, "-j", "MINIUPNPD");
        iptables("-t", "nat", "-N", "MINIUPNPD-POSTROUTING");
        iptables("-t", "nat", "-I", "POSTROUTING", "-o", wan, "-j", "MINIUPNPD-POSTROUTING");
        iptables("-t", "filter", "-N", "MINIUPNPD");
        iptables("-t", "filter", "-I", "FORWARD", "-i", wan, "!", "-o", wan, "-j", "MINIUPNPD");
        iptables("-t", "mangle", "-N", "MINIUPNPD");
        iptables("-t", "mangle", "-I", "PREROUTING", "-i", wan, "-j", "MINIUPNPD");
    }

    private void launch() throws IOException, InterruptedException {
        Path config = directory.resolve("miniupnpd.conf");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "ext_ifname=" + wan,
                        "listening_ip=" + lan,
                        "http_port=" + HTTP_PORT,
                        "enable_natpmp=yes",
                        "enable_upnp=yes",
                        "secure_mode=yes",
                        "system_uptime=no",
                        "lease_file=" + leaseFile(),
                        "uuid=3d3cec3a-8cf0-11e0-98ee-001a6bd2d07b",
                        "min_lifetime=10",
                        "max_lifetime=86400",
                        "allow 1024-65535 " + lanNetwork + " 1024-65535",
                        "deny 0-65535 0.0.0.0/0 0-65535",
                        ""));
        List<String> command = new ArrayList<>(router.exec());
        command.addAll(List.of(
                binary.toString(),
                "-f",
                config.toString(),
                "-d",
                "-P",
                directory.resolve("pid").toString()));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        directory.resolve("miniupnpd.log").toFile()))
                .start();
        long deadline = System.nanoTime() + START_MILLIS * 1_000_000L;
        while (!router.run("ss", "-H", "-ltn").contains(":" + HTTP_PORT + " ")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("miniupnpd did not start in " + router.name() + ":\n" + log());
            }
            Thread.sleep(50);
        }
    }

    /** Its lease file: one line per mapping it holds. */
    public Path leaseFile() {
        return directory.resolve("leases");
    }

    /**
     * The mappings it holds: its lease file's lines and the DNAT rules of its nat chain. Empty when
     * every mapping was released.
     */
    public List<String> mappings() throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.exists(leaseFile())) {
            Files.readAllLines(leaseFile()).stream().filter(l -> !l.isBlank()).forEach(out::add);
        }
        for (String rule : iptables("-t", "nat", "-S", "MINIUPNPD").split("\n")) {
            if (rule.startsWith("-A ")) {
                out.add(rule);
            }
        }
        return out;
    }

    /**
     * A router reboot: miniupnpd stops, its rules and lease file are gone with the router's state,
     * and it starts again with nothing mapped and a new epoch.
     */
    public void restart() throws IOException, InterruptedException {
        stop();
        iptables("-t", "nat", "-F", "MINIUPNPD");
        iptables("-t", "nat", "-F", "MINIUPNPD-POSTROUTING");
        iptables("-t", "filter", "-F", "MINIUPNPD");
        iptables("-t", "mangle", "-F", "MINIUPNPD");
        Files.deleteIfExists(leaseFile());
        launch();
    }

    /** Stops it (SIGTERM, then SIGKILL); its rules stay, as a crashed router's would. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    public String log() {
        return Processes.read(directory.resolve("miniupnpd.log"));
    }

    private String iptables(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("iptables-legacy"));
        command.addAll(List.of(args));
        return router.run(command.toArray(String[]::new));
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Processes.deleteTree(directory);
        }
    }
}
