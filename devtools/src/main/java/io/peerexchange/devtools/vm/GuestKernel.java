package io.peerexchange.devtools.vm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Debian's cloud kernel, unpacked into a cache directory and never installed: {@code apt-get download}
 * of the package the {@code linux-image-cloud-amd64} meta-package depends on, {@code dpkg-deb -x},
 * and a {@code modules.dep} from busybox's depmod (the package ships none; depmod writes it on
 * install). Fetched once per kernel version; later runs use the cache, also offline.
 */
public final class GuestKernel {
    /** The meta-package whose dependency names the current cloud kernel. */
    public static final String META_PACKAGE = "linux-image-cloud-amd64";

    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(5);

    private final String version;
    private final Path tree;

    private GuestKernel(String version, Path tree) {
        this.version = version;
        this.tree = tree;
    }

    /** The kernel release, e.g. {@code 6.1.0-57-cloud-amd64}. */
    public String version() {
        return version;
    }

    public Path vmlinuz() {
        return tree.resolve("boot/vmlinuz-" + version);
    }

    public Path modulesDir() {
        return tree.resolve("lib/modules/" + version);
    }

    /**
     * The kernel from {@code cache}, downloading it when absent. {@code packageName} null means
     * whatever {@link #META_PACKAGE} currently depends on (asked of apt; when apt cannot say, the
     * newest kernel already in the cache).
     */
    public static GuestKernel fetch(Path cache, String packageName) throws IOException, InterruptedException {
        Files.createDirectories(cache);
        try (FileChannel lockFile =
                        FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockFile.lock()) {
            String pkg = packageName != null ? packageName : currentPackage(cache);
            Path tree = cache.resolve(pkg);
            if (!Files.exists(tree.resolve(".complete"))) {
                unpack(cache, pkg, tree);
            }
            String version = pkg.substring("linux-image-".length());
            Path deb = tree.resolve("lib/modules/" + version + "/modules.dep");
            if (!Files.isRegularFile(deb)) {
                throw new IOException("kernel package " + pkg + " unpacked in " + tree + " has no modules.dep");
            }
            return new GuestKernel(version, tree);
        }
    }

    private static String currentPackage(Path cache) throws IOException, InterruptedException {
        Tools.Result r = Tools.run(List.of("apt-cache", "depends", META_PACKAGE), cache, TOOL_TIMEOUT);
        if (r.exit() == 0) {
            for (String line : r.output().split("\n")) {
                String t = line.trim();
                if (t.startsWith("Depends: linux-image-") && t.endsWith("-cloud-amd64")) {
                    return t.substring("Depends: ".length());
                }
            }
        }
        try (Stream<Path> cached = Files.list(cache)) {
            return cached.filter(p -> Files.exists(p.resolve(".complete")))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("linux-image-"))
                    .max(String::compareTo)
                    .orElseThrow(() -> new IOException("cannot tell which cloud kernel to use: `apt-cache depends "
                            + META_PACKAGE + "` said " + r.output().trim() + " (exit " + r.exit()
                            + ") and the cache " + cache + " holds none"));
        }
    }

    private static void unpack(Path cache, String pkg, Path tree) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(cache, ".download-");
        try {
            // apt drops to the _apt user for downloads; that user cannot write a root-owned cache.
            Tools.checked(
                    List.of("apt-get", "-q", "-o", "APT::Sandbox::User=root", "download", pkg), work, TOOL_TIMEOUT);
            Path deb;
            try (Stream<Path> files = Files.list(work)) {
                deb = files.filter(p -> p.getFileName().toString().endsWith(".deb"))
                        .findFirst()
                        .orElseThrow(() -> new IOException("apt-get download " + pkg + " left no .deb in " + work));
            }
            Path unpacked = work.resolve("tree");
            Tools.checked(List.of("dpkg-deb", "-x", deb.toString(), unpacked.toString()), work, TOOL_TIMEOUT);
            String version = pkg.substring("linux-image-".length());
            Tools.checked(List.of(Tools.busybox(), "depmod", "-b", unpacked.toString(), version), work, TOOL_TIMEOUT);
            Files.writeString(unpacked.resolve(".complete"), deb.getFileName() + "\n");
            Tools.deleteTree(tree);
            Files.move(unpacked, tree);
        } finally {
            Tools.deleteTree(work);
        }
    }

    /**
     * The module files (paths relative to {@link #modulesDir()}) that load {@code names} and
     * everything they need, dependencies first: each module's {@code modules.dep} line, followed
     * recursively. Names built into this kernel ({@code modules.builtin}) need nothing.
     */
    public List<String> loadOrder(List<String> names) throws IOException {
        Map<String, List<String>> deps = new HashMap<>();
        Map<String, String> byName = new HashMap<>();
        for (String line : Files.readAllLines(modulesDir().resolve("modules.dep"), StandardCharsets.UTF_8)) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String module = line.substring(0, colon);
            String rest = line.substring(colon + 1).trim();
            deps.put(module, rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
            byName.put(moduleName(module), module);
        }
        Set<String> builtin = new LinkedHashSet<>();
        for (String line : Files.readAllLines(modulesDir().resolve("modules.builtin"), StandardCharsets.UTF_8)) {
            builtin.add(moduleName(line.trim()));
        }
        Set<String> order = new LinkedHashSet<>();
        for (String name : names) {
            String normal = name.replace('-', '_');
            String module = byName.get(normal);
            if (module == null) {
                if (builtin.contains(normal)) {
                    continue;
                }
                throw new IOException("kernel " + version + " has no module " + name);
            }
            add(module, deps, order, new LinkedHashSet<>());
        }
        return new ArrayList<>(order);
    }

    private static void add(String module, Map<String, List<String>> deps, Set<String> order, Set<String> path)
            throws IOException {
        if (order.contains(module)) {
            return;
        }
        if (!path.add(module)) {
            throw new IOException("modules.dep has a cycle through " + module);
        }
        for (String dep : Objects.requireNonNull(deps.getOrDefault(module, List.of()))) {
            add(dep, deps, order, path);
        }
        path.remove(module);
        order.add(module);
    }

    /** {@code kernel/net/netfilter/xt_nat.ko} → {@code xt_nat} (dashes and underscores are one to modprobe). */
    static String moduleName(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        int dot = file.indexOf(".ko");
        return (dot < 0 ? file : file.substring(0, dot)).replace('-', '_');
    }
}
