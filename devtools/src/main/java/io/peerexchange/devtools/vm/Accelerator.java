package io.peerexchange.devtools.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * KVM when it can boot the guest kernel, TCG otherwise. A {@code /dev/kvm} that opens is not enough:
 * nested, software-emulated KVM makes QEMU abort on {@code -cpu max} or hit emulation failures, so
 * KVM is tried once with a guest that only prints a line, and the answer is cached per host kernel,
 * QEMU and guest kernel.
 */
final class Accelerator {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

    private Accelerator() {}

    static String choose(GuestKernel kernel, Path initramfs, Path cacheDir) throws IOException, InterruptedException {
        Path kvm = Path.of("/dev/kvm");
        if (!Files.isReadable(kvm) || !Files.isWritable(kvm)) {
            return "tcg";
        }
        String hostKernel =
                Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        String qemuVersion = Tools.run(List.of("qemu-system-x86_64", "--version"), cacheDir, Duration.ofSeconds(10))
                .output()
                .lines()
                .findFirst()
                .orElse("?");
        String key = (hostKernel + "_" + qemuVersion.replaceAll("[^A-Za-z0-9.+-]", "") + "_" + kernel.version())
                .replaceAll("[^A-Za-z0-9._+-]", "_");
        Path cached = cacheDir.resolve("accel-" + key);
        if (Files.isRegularFile(cached)) {
            String answer = Files.readString(cached).trim();
            if (answer.equals("kvm") || answer.equals("tcg")) {
                return answer;
            }
        }
        String answer = probeKvm(kernel, initramfs) ? "kvm" : "tcg";
        Path partial = Files.createTempFile(cacheDir, ".accel-", ".partial");
        Files.writeString(partial, answer + "\n");
        Files.move(partial, cached, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return answer;
    }

    private static boolean probeKvm(GuestKernel kernel, Path initramfs) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("pxk-vm-probe.");
        Process p = null;
        try {
            Path console = dir.resolve("console.log");
            List<String> q =
                    GuestVm.qemu("kvm", 128, 1, kernel.vmlinuz(), initramfs, GuestVm.kernelArguments("pxk.probe=1"));
            q.addAll(List.of("-serial", "file:" + console));
            p = new ProcessBuilder(q)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("qemu.log").toFile())
                    .start();
            if (!p.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            return Files.readString(console, StandardCharsets.UTF_8).contains("PXK-PROBE-OK");
        } finally {
            GuestVm.kill(p);
            Tools.deleteTree(dir);
        }
    }
}
