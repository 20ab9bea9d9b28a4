package io.peerexchange.devtools.vm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The guest's initramfs: busybox, {@code init.sh} as {@code /init}, and the kernel modules in load
 * order ({@code /modules/order}), written as a gzip'd cpio "newc" archive. Cached next to the kernel
 * under a name that hashes everything in it, so a changed module list or init script builds anew.
 */
final class Initramfs {
    /**
     * What the guest loads: the transport to the host (virtio PCI, the serial ports, virtiofs,
     * overlay), WireGuard, and what the labs build from it (veth, a bridge, iptables NAT over
     * nf_tables as Debian's iptables speaks it, conntrack for {@code conntrack -F}). IPv6 is built in.
     */
    static final List<String> MODULES = List.of(
            "virtio_pci",
            "virtio_console",
            "virtiofs",
            "overlay",
            "ipv6",
            "wireguard",
            "veth",
            "bridge",
            "nf_tables",
            "nft_compat",
            "nft_chain_nat",
            "nft_nat",
            "nft_masq",
            "nft_ct",
            "ip_tables",
            "iptable_filter",
            "iptable_nat",
            "xt_nat",
            "xt_MASQUERADE",
            "xt_conntrack",
            "xt_tcpudp",
            "xt_addrtype",
            "nf_conntrack_netlink");

    private Initramfs() {}

    /** The cached archive for this kernel, built when absent. */
    static Path build(GuestKernel kernel, Path cacheDir) throws IOException {
        List<String> order = kernel.loadOrder(MODULES);
        byte[] init = initScript();
        byte[] busybox = Files.readAllBytes(Path.of(Tools.busybox()));
        MessageDigest digest = sha256();
        digest.update(init);
        digest.update(busybox);
        for (String module : order) {
            digest.update(module.getBytes(StandardCharsets.UTF_8));
        }
        String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        Path target = cacheDir.resolve("initramfs-" + kernel.version() + "-" + hash + ".cpio.gz");
        if (Files.isRegularFile(target)) {
            return target;
        }
        Path partial = Files.createTempFile(cacheDir, ".initramfs-", ".partial");
        try {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                Cpio cpio = new Cpio(out);
                for (String dir : List.of("bin", "dev", "proc", "sys", "lower", "ovl", "newroot", "modules")) {
                    cpio.directory(dir);
                }
                cpio.file("init", 0755, init);
                cpio.file("bin/busybox", 0755, busybox);
                List<String> names = new ArrayList<>();
                for (int i = 0; i < order.size(); i++) {
                    String module = order.get(i);
                    String name = String.format("%02d-%s.ko", i, GuestKernel.moduleName(module));
                    cpio.file(
                            "modules/" + name,
                            0644,
                            moduleBytes(kernel.modulesDir().resolve(module)));
                    names.add(name);
                }
                cpio.file("modules/order", 0644, (String.join("\n", names) + "\n").getBytes(StandardCharsets.UTF_8));
                cpio.trailer();
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * A module file as insmod wants it: Debian's newer kernels compress modules (xz or zstd), and
     * busybox's insmod hands the bytes to init_module as they are.
     */
    static byte[] moduleBytes(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".ko")) {
            return Files.readAllBytes(file);
        }
        if (name.endsWith(".ko.gz")) {
            try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
                return in.readAllBytes();
            }
        }
        String tool = name.endsWith(".ko.xz") ? "xz" : name.endsWith(".ko.zst") ? "zstd" : null;
        if (tool == null) {
            throw new IOException("unknown module format: " + file);
        }
        Process p = new ProcessBuilder(tool, "-dc", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] bytes = p.getInputStream().readAllBytes();
        try {
            if (p.waitFor() != 0) {
                throw new IOException(tool + " -dc " + file + " failed (exit " + p.exitValue() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decompressing " + file, e);
        }
        return bytes;
    }

    static byte[] initScript() throws IOException {
        try (InputStream in = Initramfs.class.getResourceAsStream("init.sh")) {
            if (in == null) {
                throw new IOException("init.sh is missing from the devtools jar");
            }
            return in.readAllBytes();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The SVR4 "newc" cpio format the kernel unpacks: 110-byte ASCII headers, 4-byte alignment. */
    static final class Cpio {
        private final OutputStream out;
        private int inode = 1;
        private long written;

        Cpio(OutputStream out) {
            this.out = out;
        }

        void directory(String name) throws IOException {
            entry(name, 0040000 | 0755, 2, new byte[0]);
        }

        void file(String name, int mode, byte[] data) throws IOException {
            entry(name, 0100000 | mode, 1, data);
        }

        void trailer() throws IOException {
            entry("TRAILER!!!", 0, 1, new byte[0]);
        }

        private void entry(String name, int mode, int links, byte[] data) throws IOException {
            byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream header = new ByteArrayOutputStream(110);
            header.writeBytes("070701".getBytes(StandardCharsets.US_ASCII));
            long[] fields = {
                "TRAILER!!!".equals(name) ? 0 : inode++,
                mode,
                0,
                0,
                links,
                0,
                data.length,
                0,
                0,
                0,
                0,
                nameBytes.length,
                0
            };
            for (long f : fields) {
                header.writeBytes(String.format("%08x", f).getBytes(StandardCharsets.US_ASCII));
            }
            write(header.toByteArray());
            write(nameBytes);
            pad();
            write(data);
            pad();
        }

        private void write(byte[] bytes) throws IOException {
            out.write(bytes);
            written += bytes.length;
        }

        private void pad() throws IOException {
            while (written % 4 != 0) {
                out.write(0);
                written++;
            }
        }
    }
}
