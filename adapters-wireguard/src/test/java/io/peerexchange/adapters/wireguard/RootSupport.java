package io.peerexchange.adapters.wireguard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Gatekeeping for tests that need root and real tools: skipped with a reason locally, never in CI. */
final class RootSupport {
    private RootSupport() {}

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Skips (or fails under CI=true) unless root with wireguard-go, wg and ip installed. */
    static void requireRootWithWireGuardGo() {
        String missing = !isRoot()
                ? "root (network namespaces, /dev/net/tun, /var/run/wireguard)"
                : !onPath("wireguard-go")
                        ? "the wireguard-go binary (Debian package wireguard-go)"
                        : !onPath("wg")
                                ? "the wg binary (Debian package wireguard-tools)"
                                : !onPath("ip") ? "the ip binary (Debian package iproute2)" : null;
        if (missing == null) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail("CI=true: this test must run, but it needs " + missing);
        }
        Assumptions.abort("skipped: needs " + missing);
    }

    static boolean onPath(String binary) {
        for (String dir : System.getenv()
                .getOrDefault("PATH", "/usr/bin:/bin:/usr/sbin:/sbin")
                .split(":")) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", binary)) || Files.isExecutable(Path.of("/usr/bin", binary));
    }

    /** Runs a command; returns its exit code and output. */
    static Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    static String runOk(List<String> command) {
        Result r = run(command);
        if (r.exit() != 0) {
            throw new IllegalStateException(command + " failed with " + r.exit() + ": " + r.output());
        }
        return r.output();
    }

    record Result(int exit, String output) {}
}
