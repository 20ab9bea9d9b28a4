package io.peerexchange.kerneltests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kernel WireGuard interface in the guest, driven with {@code ip} and {@code wg} (the reference
 * implementation the netlink backend is checked against), optionally in a network namespace.
 */
public final class KernelInterface implements AutoCloseable {
    private final String name;
    private final String netns;

    private KernelInterface(String name, String netns) {
        this.name = name;
        this.netns = netns;
    }

    /** A fresh interface (an old one of that name is removed first), without a private key. */
    public static KernelInterface create(String name) {
        return create(name, null);
    }

    public static KernelInterface create(String name, String netns) {
        KernelInterface i = new KernelInterface(name, netns);
        i.cmdNoCheck("ip", "link", "del", name);
        i.cmd("ip", "link", "add", name, "type", "wireguard");
        return i;
    }

    public String name() {
        return name;
    }

    /** Runs a command in the interface's namespace; failing is an error. */
    public String cmd(String... command) {
        return netns == null ? Sh.ok(command) : Sh.inNs(netns, command);
    }

    private void cmdNoCheck(String... command) {
        if (netns == null) {
            Sh.run(command);
        } else {
            List<String> full = new java.util.ArrayList<>(List.of("ip", "netns", "exec", netns));
            full.addAll(List.of(command));
            Sh.run(120, full);
        }
    }

    /** {@code wg set <iface> …}. */
    public void wgSet(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "wg";
        full[1] = "set";
        full[2] = name;
        System.arraycopy(args, 0, full, 3, args.length);
        cmd(full);
    }

    /** Sets a private key from a file (keys never appear on a command line or in a message). */
    public void privateKey(String base64) {
        Path file = secretFile(base64);
        try {
            wgSet("private-key", file.toString());
        } finally {
            delete(file);
        }
    }

    /** {@code wg setconf} from configuration text. */
    public void setconf(String config) {
        Path file = secretFile(config);
        try {
            cmd("wg", "setconf", name, file.toString());
        } finally {
            delete(file);
        }
    }

    /** A file only root can read, for secrets handed to wg. */
    public static Path secretFile(String content) {
        try {
            Path file = Files.createTempFile(
                    "pxk-secret",
                    ".txt",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One peer line of {@code wg show <iface> dump}; the preshared key only as whether it is set and a hash. */
    public record Peer(
            String publicKey, String pskDigest, String endpoint, String allowedIps, long rxBytes, String keepalive) {}

    /** {@code wg show <iface> dump}, peers by base64 public key in the kernel's order. */
    public Map<String, Peer> peers() {
        Map<String, Peer> out = new LinkedHashMap<>();
        List<String> lines = cmd("wg", "show", name, "dump").lines().toList();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            out.put(f[0], new Peer(f[0], digest(f[1]), f[2], f[3], Long.parseLong(f[5]), f[7]));
        }
        return out;
    }

    private static String digest(String psk) {
        if (psk.equals("(none)")) {
            return "(none)";
        }
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(psk.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(h, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        cmdNoCheck("ip", "link", "del", name);
    }
}
