package io.peerexchange.devtools.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command as root in a QEMU guest booting Debian's cloud kernel (which has WireGuard, unlike
 * many CI kernels). The guest sees the host's root file system read-only through virtiofs, under a
 * tmpfs overlay, so the host's {@code java}, {@code wg}, {@code ip} and built jars run inside and
 * nothing the command does reaches the host. The guest has no network card.
 *
 * <p>Every run is bounded by {@link Options#timeout()}; QEMU, virtiofsd (its read-only view of the
 * host lives in virtiofsd's own mount namespace, so it dies with it), the vhost-user socket and the
 * run directory are removed on every way out, also when the command hangs or this JVM is stopped.
 */
public final class GuestVm {
    private static final Logger LOG = LoggerFactory.getLogger(GuestVm.class);
    /** The share QEMU offers and the guest's init mounts. */
    static final String TAG = "hostroot";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration KILL_GRACE = Duration.ofSeconds(3);

    private GuestVm() {}

    /**
     * How to run the guest.
     *
     * @param timeout       the whole run, boot included; the guest is killed when it is over
     * @param memoryMib     guest RAM (QEMU itself takes a few hundred MiB more)
     * @param cpus          virtual CPUs
     * @param workDir       the command's working directory (a host path, seen read-only)
     * @param env           the command's environment (nothing else is passed)
     * @param cacheDir      where the kernel, initramfs and the accelerator probe are cached
     * @param kernelPackage a {@code linux-image-…-cloud-amd64} package, or null for the current one
     * @param accelerator   {@code kvm}, {@code tcg}, or null: KVM when it boots this kernel, else TCG
     * @param output        gets the command's output as it arrives (line by line), may be null
     */
    public record Options(
            Duration timeout,
            int memoryMib,
            int cpus,
            Path workDir,
            Map<String, String> env,
            Path cacheDir,
            String kernelPackage,
            String accelerator,
            Consumer<String> output) {

        public Options {
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(cacheDir, "cacheDir");
            env = Map.copyOf(env);
            if (memoryMib < 128) {
                throw new IllegalArgumentException("the guest needs at least 128 MiB");
            }
            if (cpus < 1) {
                throw new IllegalArgumentException("cpus must be at least 1");
            }
            if (accelerator != null && !accelerator.equals("kvm") && !accelerator.equals("tcg")) {
                throw new IllegalArgumentException("accelerator must be kvm or tcg, not " + accelerator);
            }
        }

        /**
         * 192 MiB, 2 CPUs, this directory, a root {@code PATH}, the cache from
         * {@code PEEREXCHANGE_VM_CACHE} (default {@code /var/cache/peerexchange-vm}) and the
         * accelerator from {@code PEEREXCHANGE_VM_ACCEL} (default: probe).
         */
        public static Options defaults(Duration timeout) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            env.put("HOME", "/root");
            env.put("LANG", "C.UTF-8");
            String accel = System.getenv("PEEREXCHANGE_VM_ACCEL");
            return new Options(
                    timeout,
                    192,
                    2,
                    Path.of("").toAbsolutePath(),
                    env,
                    defaultCache(),
                    System.getenv("PEEREXCHANGE_VM_KERNEL_PACKAGE"),
                    accel == null || accel.isBlank() ? null : accel,
                    null);
        }

        public Options withMemoryMib(int mib) {
            return new Options(timeout, mib, cpus, workDir, env, cacheDir, kernelPackage, accelerator, output);
        }

        public Options withCpus(int n) {
            return new Options(timeout, memoryMib, n, workDir, env, cacheDir, kernelPackage, accelerator, output);
        }

        public Options withWorkDir(Path dir) {
            return new Options(timeout, memoryMib, cpus, dir, env, cacheDir, kernelPackage, accelerator, output);
        }

        public Options withEnv(String key, String value) {
            Map<String, String> more = new LinkedHashMap<>(env);
            more.put(key, value);
            return new Options(timeout, memoryMib, cpus, workDir, more, cacheDir, kernelPackage, accelerator, output);
        }

        public Options withOutput(Consumer<String> listener) {
            return new Options(timeout, memoryMib, cpus, workDir, env, cacheDir, kernelPackage, accelerator, listener);
        }
    }

    public static Path defaultCache() {
        String dir = System.getenv("PEEREXCHANGE_VM_CACHE");
        return Path.of(dir == null || dir.isBlank() ? "/var/cache/peerexchange-vm" : dir);
    }

    /** Null when this host can run the guest, else what is missing. */
    public static String unavailable() {
        if (!isRoot()) {
            return "root (virtiofsd shares the host's root file system, the guest runs commands as root)";
        }
        for (String tool : List.of("qemu-system-x86_64", "apt-get", "dpkg-deb", "unshare", "findmnt")) {
            if (which(tool) == null) {
                return "the " + tool + " command (Debian packages qemu-system-x86, apt, dpkg, util-linux)";
            }
        }
        if (virtiofsd() == null) {
            return "virtiofsd (Debian package qemu-system-common on bookworm, virtiofsd later)";
        }
        try {
            Tools.busybox();
        } catch (IOException e) {
            return "busybox (Debian package busybox-static)";
        }
        return null;
    }

    /** Runs {@code command} in a fresh guest and waits for it (or the time bound). */
    public static GuestResult run(List<String> command, Options options) throws IOException, InterruptedException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        String missing = unavailable();
        if (missing != null) {
            throw new IOException("the VM lab needs " + missing);
        }
        sweepOrphans();
        GuestKernel kernel = GuestKernel.fetch(options.cacheDir(), options.kernelPackage());
        Path initramfs = Initramfs.build(kernel, options.cacheDir());
        String accel = options.accelerator() != null
                ? options.accelerator()
                : Accelerator.choose(kernel, initramfs, options.cacheDir());
        Run run = new Run(command, options, kernel, initramfs, accel);
        Thread hook = new Thread(run::cleanUp, "pxk-vm-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run.execute();
        } finally {
            run.cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs cleanUp again, harmlessly
            }
        }
    }

    /**
     * Removes what a harness killed with SIGKILL (no shutdown hook ran) left: the run directories whose
     * owner is gone, and every process whose command line names one (its QEMU and virtiofsd).
     */
    static void sweepOrphans() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> orphans = new ArrayList<>();
        try (var dirs = Files.newDirectoryStream(tmp, "pxk-vm.*")) {
            for (Path dir : dirs) {
                if (!ownerAlive(dir.resolve("owner"))) {
                    orphans.add(dir);
                }
            }
        }
        if (orphans.isEmpty()) {
            return;
        }
        List<ProcessHandle> stale = new ArrayList<>();
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            String cmdline;
            try {
                cmdline = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"))
                        .replace('\0', ' ');
            } catch (IOException e) {
                continue;
            }
            for (Path dir : orphans) {
                if (cmdline.contains(dir + "/")) {
                    stale.add(p);
                }
            }
        }
        for (ProcessHandle p : stale) {
            p.destroyForcibly();
        }
        for (ProcessHandle p : stale) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // stuck in the kernel; the directory goes anyway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (Path dir : orphans) {
            LOG.atWarn()
                    .addKeyValue("run_dir", dir)
                    .addKeyValue("processes", stale.size())
                    .log("removed what a killed VM lab run left behind");
            Tools.deleteTree(dir);
        }
    }

    /** Whether the process recorded in an owner file ({@code pid start-instant}) still runs. */
    private static boolean ownerAlive(Path owner) {
        String[] f;
        try {
            f = Files.readString(owner).trim().split(" ");
        } catch (IOException e) {
            // A directory just created by a live harness has no owner file for a moment: only old ones are orphans.
            try {
                return Files.getLastModifiedTime(owner.getParent()).toMillis() > System.currentTimeMillis() - 60_000;
            } catch (IOException gone) {
                return true;
            }
        }
        java.util.Optional<ProcessHandle> process;
        try {
            process = ProcessHandle.of(Long.parseLong(f[0]));
        } catch (NumberFormatException e) {
            return false;
        }
        // The start time tells a reused pid from the owner.
        return process.isPresent()
                && (f.length < 2
                        || f[1].equals("?")
                        || process.get()
                                .info()
                                .startInstant()
                                .map(start -> start.toString().equals(f[1]))
                                .orElse(true));
    }

    /** QEMU's command line for one guest, shared with the accelerator probe. */
    static List<String> qemu(String accel, int memoryMib, int cpus, Path vmlinuz, Path initramfs, String append) {
        List<String> q = new ArrayList<>(List.of(
                "qemu-system-x86_64",
                "-accel",
                accel.equals("kvm") ? "kvm" : "tcg,thread=multi",
                // ERMS makes the kernel clear and copy pages with rep movsb/stosb, which TCG runs
                // byte by byte; without it boot and Java start are several times faster.
                "-cpu",
                "max,-erms",
                "-smp",
                Integer.toString(cpus),
                "-m",
                memoryMib + "M",
                // vhost-user (virtiofsd) needs the guest RAM in shared memory.
                "-object",
                "memory-backend-memfd,id=mem,size=" + memoryMib + "M,share=on",
                "-machine",
                "q35,memory-backend=mem",
                "-nodefaults",
                "-no-user-config",
                "-nographic",
                "-no-reboot",
                "-kernel",
                vmlinuz.toString(),
                "-initrd",
                initramfs.toString(),
                "-append",
                append));
        return q;
    }

    /**
     * Kernel arguments: the serial console for diagnostics; pages not zeroed on allocation and free
     * (Debian turns init_on_alloc on; under TCG zeroing dominates a JVM's start); no mitigations or
     * randomization a throwaway guest does not need; power off on panic.
     */
    static String kernelArguments(String extra) {
        return "console=ttyS0 quiet loglevel=3 rdinit=/init panic=-1 init_on_alloc=0 init_on_free=0"
                + " mitigations=off nokaslr random.trust_cpu=on " + extra;
    }

    static String virtiofsd() {
        for (String candidate : List.of("/usr/libexec/virtiofsd", "/usr/lib/qemu/virtiofsd")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return which("virtiofsd");
    }

    static String which(String tool) {
        for (String dir : System.getenv()
                .getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
                .split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Quotes one word for POSIX sh. */
    static String shellQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    static void kill(Process p) throws InterruptedException {
        if (p == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p.toHandle());
        for (ProcessHandle h : tree) {
            h.destroy();
        }
        long deadline = System.nanoTime() + KILL_GRACE.toNanos();
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // a process that survives SIGKILL for 10 s is stuck in the kernel; nothing more to do
            }
        }
    }

    /** One guest: its run directory, virtiofsd and QEMU. */
    private static final class Run {
        private final List<String> command;
        private final Options options;
        private final GuestKernel kernel;
        private final Path initramfs;
        private final String accel;
        private Path dir;
        private Process virtiofsd;
        private Process qemu;
        private boolean cleaned;

        Run(List<String> command, Options options, GuestKernel kernel, Path initramfs, String accel) {
            this.command = command;
            this.options = options;
            this.kernel = kernel;
            this.initramfs = initramfs;
            this.accel = accel;
        }

        GuestResult execute() throws IOException, InterruptedException {
            long t0 = System.nanoTime();
            synchronized (this) {
                dir = Files.createTempDirectory("pxk-vm.");
            }
            ProcessHandle self = ProcessHandle.current();
            Files.writeString(
                    dir.resolve("owner"),
                    self.pid() + " "
                            + self.info().startInstant().map(Object::toString).orElse("?") + "\n");
            Path share = Files.createDirectory(dir.resolve("share"));
            Path socket = dir.resolve("fs.sock");
            Path out = dir.resolve("out");
            Path rc = dir.resolve("rc");
            Files.createFile(out);
            Files.createFile(rc);
            Files.writeString(dir.resolve("command.sh"), commandScript(), StandardCharsets.UTF_8);
            // The guest gets a fresh /tmp and /run; a working directory under one of them (a checkout in
            // /tmp) is bound back into it from the host's tree.
            Files.writeString(dir.resolve("keep"), keptPath(options.workDir()), StandardCharsets.UTF_8);

            // The share is the host's mount tree bound recursively and made read-only mount by mount, in
            // virtiofsd's private mount namespace; proc, sys, dev and run are left out (the guest has its own).
            String script = "set -e\n"
                    + "s=" + shellQuote(share.toString()) + "\n"
                    + "mount --rbind / \"$s\"\n"
                    + "for m in proc sys dev run; do umount -R -l \"$s/$m\" 2>/dev/null || true; done\n"
                    + "findmnt -R -n -r -o TARGET \"$s\" | while read -r m; do\n"
                    + "  mount -o remount,bind,ro \"$(printf '%b' \"$m\")\"\n"
                    + "done\n"
                    + "exec " + shellQuote(virtiofsd()) + " --socket-path=" + shellQuote(socket.toString())
                    + " -o source=\"$s\" -o sandbox=chroot -o cache=always -o log_level=warn\n";
            synchronized (this) {
                if (cleaned) {
                    throw new IOException("stopped");
                }
                virtiofsd = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", script)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("virtiofsd.log").toFile())
                        .start();
            }
            long startDeadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!Files.exists(socket)) {
                if (!virtiofsd.isAlive() || System.nanoTime() > startDeadline) {
                    return failed(t0, "virtiofsd did not start: " + tail(dir.resolve("virtiofsd.log")));
                }
                Thread.sleep(20);
            }

            List<String> q = qemu(
                    accel,
                    options.memoryMib(),
                    options.cpus(),
                    kernel.vmlinuz(),
                    initramfs,
                    kernelArguments("pxk.run=" + dir));
            q.addAll(List.of(
                    "-chardev",
                    "socket,id=fs,path=" + socket,
                    "-device",
                    "vhost-user-fs-pci,chardev=fs,tag=" + TAG,
                    "-device",
                    "virtio-serial-pci",
                    "-chardev",
                    "file,id=out,path=" + out,
                    "-device",
                    "virtserialport,chardev=out,name=out",
                    "-chardev",
                    "file,id=rc,path=" + rc,
                    "-device",
                    "virtserialport,chardev=rc,name=rc",
                    "-serial",
                    "file:" + dir.resolve("console.log")));
            long qemuStart = System.nanoTime();
            synchronized (this) {
                if (cleaned) {
                    throw new IOException("stopped");
                }
                qemu = new ProcessBuilder(q)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("qemu.log").toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
            }
            long deadline = t0 + options.timeout().toNanos();
            Duration boot = null;
            StringBuilder all = new StringBuilder();
            LineFeed feed = new LineFeed(options.output());
            boolean timedOut = false;
            try (RandomAccessFile outFile = new RandomAccessFile(out.toFile(), "r")) {
                while (true) {
                    boolean exited = qemu.waitFor(50, TimeUnit.MILLISECONDS);
                    drain(outFile, all, feed);
                    if (boot == null && Files.readString(rc).startsWith("started")) {
                        boot = Duration.ofNanos(System.nanoTime() - qemuStart);
                    }
                    if (exited) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        timedOut = true;
                        kill(qemu);
                        drain(outFile, all, feed);
                        break;
                    }
                }
            }
            feed.flush();
            Duration total = Duration.ofNanos(System.nanoTime() - t0);
            String status = Files.readString(rc);
            Integer exit = null;
            String guestProblem = null;
            for (String line : status.split("\n")) {
                if (line.startsWith("exit ")) {
                    exit = Integer.parseInt(line.substring(5).trim());
                } else if (line.startsWith("fail ")) {
                    guestProblem = line.substring(5).trim();
                }
            }
            if (exit != null && !timedOut) {
                return new GuestResult(exit, all.toString(), accel, false, boot, total, null);
            }
            String problem = timedOut
                    ? "the guest did not finish within " + options.timeout().toSeconds() + " s and was killed"
                    : guestProblem != null
                            ? "the guest's init failed: " + guestProblem
                            : "the guest reported no exit code";
            return new GuestResult(
                    -1,
                    all.toString(),
                    accel,
                    timedOut,
                    boot,
                    total,
                    problem + "; qemu: " + tail(dir.resolve("qemu.log")) + "; console: "
                            + tail(dir.resolve("console.log")));
        }

        private GuestResult failed(long t0, String problem) {
            return new GuestResult(-1, "", accel, false, null, Duration.ofNanos(System.nanoTime() - t0), problem);
        }

        /**
         * The directory to bind back when the working directory lives under /tmp or /run: its top
         * directory there (the whole checkout, whose other modules the command's class path names).
         */
        private static String keptPath(Path workDir) {
            Path path = workDir.toAbsolutePath().normalize();
            if (path.getNameCount() < 2) {
                return "";
            }
            String root = path.getName(0).toString();
            if (!root.equals("tmp") && !root.equals("run")) {
                return "";
            }
            return "/" + root + "/" + path.getName(1) + "\n";
        }

        private String commandScript() {
            StringBuilder s =
                    new StringBuilder("cd ").append(shellQuote(options.workDir().toString()));
            s.append(" || exit 125\n");
            for (Map.Entry<String, String> e : options.env().entrySet()) {
                if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("not an environment variable name: " + e.getKey());
                }
                s.append("export ")
                        .append(e.getKey())
                        .append('=')
                        .append(shellQuote(e.getValue()))
                        .append('\n');
            }
            s.append("exec");
            for (String word : command) {
                s.append(' ').append(shellQuote(word));
            }
            return s.append('\n').toString();
        }

        /** Idempotent; runs from the caller's finally and from the shutdown hook. */
        synchronized void cleanUp() {
            if (cleaned) {
                return;
            }
            cleaned = true;
            try {
                kill(qemu);
                kill(virtiofsd);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (qemu != null) {
                    qemu.destroyForcibly();
                }
                if (virtiofsd != null) {
                    virtiofsd.destroyForcibly();
                }
            }
            if (dir != null) {
                try {
                    Tools.deleteTree(dir);
                } catch (IOException e) {
                    LOG.atWarn()
                            .addKeyValue("run_dir", dir)
                            .addKeyValue("error", e.getMessage())
                            .log("could not remove a VM lab run directory");
                }
            }
        }
    }

    private static void drain(RandomAccessFile file, StringBuilder all, LineFeed feed) throws IOException {
        long available = file.length() - file.getFilePointer();
        if (available <= 0) {
            return;
        }
        byte[] chunk = new byte[(int) Math.min(available, 1 << 20)];
        file.readFully(chunk);
        String text = new String(chunk, StandardCharsets.UTF_8);
        all.append(text);
        feed.accept(text);
    }

    static String tail(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            text = text.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "")
                    .replace("\u001bc", "")
                    .trim();
            return text.length() > 1500
                    ? "…" + text.substring(text.length() - 1500)
                    : text.isEmpty() ? "(empty)" : text;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Hands complete lines to a listener as text arrives in pieces. */
    private static final class LineFeed {
        private final Consumer<String> listener;
        private final StringBuilder pending = new StringBuilder();

        LineFeed(Consumer<String> listener) {
            this.listener = listener;
        }

        void accept(String text) {
            if (listener == null) {
                return;
            }
            pending.append(text);
            int nl;
            while ((nl = pending.indexOf("\n")) >= 0) {
                listener.accept(pending.substring(0, nl));
                pending.delete(0, nl + 1);
            }
        }

        void flush() {
            if (listener != null && pending.length() > 0) {
                listener.accept(pending.toString());
                pending.setLength(0);
            }
        }
    }
}
