package io.peerexchange.benchmarks.wireguard;

import io.peerexchange.benchmarks.results.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A wireguard-go interface inside its own network namespace (root). The UAPI socket directory
 * is shared between namespaces, so the agent and {@code wg} reach it from the root namespace.
 * {@link #close()} stops it and deletes the namespace, also after a failure.
 */
public final class WireGuardGo implements AutoCloseable {
    private final String netns;
    private final String ifname;
    private final Process process;
    private final Path log;

    private WireGuardGo(String netns, String ifname, Process process, Path log) {
        this.netns = netns;
        this.ifname = ifname;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code wireguard-go -f ifname} in a fresh namespace {@code netns} and waits for its UAPI socket. */
    public static WireGuardGo start(String netns, String ifname) throws IOException, InterruptedException {
        if (!netns.startsWith("pxb-") || !ifname.startsWith("pxb")) {
            throw new IllegalArgumentException("benchmark namespaces and interfaces must carry the pxb prefix");
        }
        Commands.run("ip", "netns", "del", netns);
        Commands.require("ip", "netns", "add", netns);
        Path log = Files.createTempFile("pxb-wireguard-go", ".log");
        Process process = new ProcessBuilder("ip", "netns", "exec", netns, "wireguard-go", "-f", ifname)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        WireGuardGo wg = new WireGuardGo(netns, ifname, process, log);
        try {
            Path socket = Path.of("/var/run/wireguard", ifname + ".sock");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(socket) || !Commands.run("wg", "show", ifname).isEmpty()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("wireguard-go " + ifname + " did not come up: " + Files.readString(log));
                }
                Thread.sleep(20);
            }
            return wg;
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                wg.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    public String ifname() {
        return ifname;
    }

    public Path socket() {
        return Path.of("/var/run/wireguard", ifname + ".sock");
    }

    /** Stops wireguard-go and deletes the namespace; an interrupt is kept for the caller, cleanup still runs. */
    @Override
    public void close() throws IOException {
        boolean interrupted = false;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
        }
        try {
            Commands.require("ip", "netns", "del", netns);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            Files.deleteIfExists(log);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
