package io.peerexchange.kerneltests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Commands the in-guest tests run (as root, inside the guest): bounded, output captured. */
public final class Sh {
    private Sh() {}

    public record Result(int exit, String output) {}

    public static Result run(String... command) {
        return run(120, List.of(command));
    }

    public static Result run(int timeoutSeconds, List<String> command) {
        try {
            Path out = Files.createTempFile("pxk-sh", ".out");
            try {
                Process p = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + command);
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    /** Runs the command and returns its output; any exit but 0 is an error naming the output. */
    public static String ok(String... command) {
        Result r = run(command);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + r.exit() + "): "
                    + r.output().trim());
        }
        return r.output();
    }

    /** {@link #ok} inside a network namespace. */
    public static String inNs(String ns, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(command));
        return ok(full.toArray(String[]::new));
    }

    /** Runs a shell script with {@code sh -c}; any exit but 0 is an error. */
    public static String script(String script) {
        return ok("sh", "-c", script);
    }

    /** A fresh base64 private key from {@code wg genkey}. */
    public static String genkey() {
        return ok("wg", "genkey").trim();
    }

    /** The public key of a base64 private key. */
    public static String pubkey(String privateKey) {
        return ok("sh", "-c", "printf '%s' '" + privateKey + "' | wg pubkey").trim();
    }

    /** Fails unless this JVM runs in the kernel suite's guest: the tests change the kernel's state. */
    public static void requireGuest() {
        String host;
        try {
            host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!host.equals("pxk-guest")) {
            throw new IllegalStateException("this test runs only inside the kernel suite's guest (hostname " + host
                    + "); run KernelGuestTest or devtools/vm/run-in-guest.sh");
        }
    }
}
