package io.peerexchange.testing.netns;

import io.peerexchange.testing.process.Commands;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A network namespace of a test, created fresh (a leftover of an aborted run with the same name is
 * removed first) with loopback up, and deleted by {@link #close()}. Names carry the suite's prefix
 * ({@code pxs-}, {@code pxw-}, {@code pxb-}…) so that two suites can run side by side.
 */
public final class NetworkNamespace implements AutoCloseable {
    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    public static NetworkNamespace fresh(String name) throws IOException {
        if (!name.startsWith("px")) {
            throw new IllegalArgumentException("test namespaces are named px…, not " + name);
        }
        Commands.run("ip", "netns", "del", name);
        Commands.ok("ip", "netns", "add", name);
        NetworkNamespace namespace = new NetworkNamespace(name);
        try {
            Commands.ok("ip", "-n", name, "link", "set", "lo", "up");
            return namespace;
        } catch (IOException | RuntimeException e) {
            namespace.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** {@code ip netns exec <name>}: put it in front of a command to run that command inside. */
    public List<String> exec() {
        return List.of("ip", "netns", "exec", name);
    }

    /** Runs {@code command} inside; fails when it exits non-zero. Returns its output. */
    public String run(String... command) throws IOException {
        List<String> full = new ArrayList<>(exec());
        full.addAll(List.of(command));
        return Commands.ok(full);
    }

    /** Runs {@code ip -n <name> args…}; fails when it exits non-zero. */
    public String ip(String... args) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "-n", name));
        full.addAll(List.of(args));
        return Commands.ok(full);
    }

    /** Deletes the namespace and with it every interface still in it. */
    @Override
    public void close() throws IOException {
        Commands.run("ip", "netns", "del", name);
    }
}
